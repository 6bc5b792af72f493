package io.eventrelay.internal.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorTextTest {
  /** An exception thrown {@code depth} calls deep, so that its stack has more than 5 frames. */
  private static RuntimeException thrownAt(int depth, RuntimeException e) {
    if (depth > 0) {
      return thrownAt(depth - 1, e);
    }
    try {
      throw e;
    } catch (RuntimeException caught) {
      return caught;
    }
  }

  @Test
  void keepsTheClassTheMessageAndTheTopFiveFrames() {
    RuntimeException e = thrownAt(10, new IllegalStateException("smtp down"));

    List<String> lines = ErrorText.of(e, 2000).lines().toList();

    assertEquals("java.lang.IllegalStateException: smtp down", lines.get(0));
    for (int i = 1; i <= 5; i++) {
      assertEquals("\tat " + e.getStackTrace()[i - 1], lines.get(i));
    }
    assertEquals("\t... " + (e.getStackTrace().length - 5) + " more", lines.get(6));
    assertEquals(7, lines.size());
  }

  @Test
  void namesTheCauses() {
    IOException io = new IOException("connection refused");
    RuntimeException e = new IllegalStateException("smtp down", new UncheckedIOException(io));

    String text = ErrorText.of(e, 2000);

    assertTrue(
        text.endsWith(
            "\nCaused by: java.io.UncheckedIOException: java.io.IOException: connection refused"
                + "\nCaused by: java.io.IOException: connection refused"),
        text);
  }

  @Test
  void anExceptionWithoutMessageIsNamedByItsClass() {
    String text = ErrorText.of(thrownAt(0, new UnsupportedOperationException()), 2000);

    assertTrue(text.startsWith("java.lang.UnsupportedOperationException\n\tat "), text);
  }

  @Test
  void isCutToTheLimit() {
    String text = ErrorText.of(thrownAt(0, new IllegalStateException("x".repeat(5000))), 2000);

    assertEquals(2000, text.length());
    assertTrue(text.startsWith("java.lang.IllegalStateException: xxx"), text);
  }
}
