package io.eventrelay.internal.queues;

/**
 * The text a failed job keeps as its last error, in the form of a stack trace cut short: the
 * exception's class and message, its top {@value #FRAMES} frames (one line each, {@code "\tat
 * ..."}), then a {@code "Caused by: "} line with the class and message of each cause; at most a
 * given number of characters.
 */
final class ErrorText {
  /** How many of the exception's own frames are kept. */
  static final int FRAMES = 5;

  /** How many causes are named at most. */
  private static final int CAUSES = 3;

  private ErrorText() {}

  /** The text of {@code failure}, at most {@code max} characters long. */
  static String of(Throwable failure, int max) {
    StringBuilder text = new StringBuilder(failure.toString());
    StackTraceElement[] frames = failure.getStackTrace();
    int kept = Math.min(FRAMES, frames.length);
    for (int i = 0; i < kept && text.length() < max; i++) {
      text.append("\n\tat ").append(frames[i]);
    }
    if (frames.length > kept) {
      text.append("\n\t... ").append(frames.length - kept).append(" more");
    }
    Throwable cause = failure.getCause();
    for (int n = 0; n < CAUSES && cause != null; n++) {
      text.append("\nCaused by: ").append(cause);
      cause = cause.getCause();
    }
    return text.length() <= max ? text.toString() : text.substring(0, max);
  }
}
