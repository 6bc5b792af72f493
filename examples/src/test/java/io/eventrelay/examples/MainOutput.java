package io.eventrelay.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs an example's main() and returns what it printed, for the example tests. */
final class MainOutput {
  /** An example's main method. */
  @FunctionalInterface
  interface Main {
    void run(String[] args) throws Exception;
  }

  private MainOutput() {}

  /** Runs {@code main} with {@code args} and returns its output, with {@code \n} line ends. */
  static String of(Main main, String... args) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      main.run(args);
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }
}
