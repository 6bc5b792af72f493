package io.eventrelay.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** What a benchmark prints about the machine it runs on, so that figures can be compared. */
final class Machine {
  private Machine() {}

  /** CPUs, Java version, operating system and the current load average. */
  static String describe() {
    return String.format(
        Locale.ROOT,
        "%d CPUs, Java %s, %s %s; load average %.2f",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        loadAverage());
  }

  /** The system's load average over the last minute, or -1 where unknown. */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
