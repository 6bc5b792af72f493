package io.eventrelay.internal;

/**
 * Text as the databases store it: UTF-8, the encoding in which the relay's length limits are
 * counted. A Java string that holds an unpaired surrogate has no UTF-8 form; the JDBC drivers would
 * silently store {@code ?} in its place, so such text is rejected instead.
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * The length of {@code text} in bytes of UTF-8, counted without encoding it.
   *
   * @throws IllegalArgumentException if the text holds an unpaired surrogate; the message is the
   *     problem alone (see {@link #unpairedSurrogate}), for the caller to prefix with the field
   */
  public static long length(String text) {
    int n = text.length();
    long bytes = n;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        bytes += 1;
      } else if (!Character.isSurrogate(c)) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 2; // two chars, four bytes
        i++;
      } else {
        throw new IllegalArgumentException(unpairedSurrogate(c, i));
      }
    }
    return bytes;
  }

  /**
   * The problem text for an unpaired surrogate at character {@code position}: it names the
   * surrogate as a JSON escape, and says where it is and why it is refused.
   */
  public static String unpairedSurrogate(int surrogate, int position) {
    return String.format(
        "must not contain an unpaired surrogate \\u%04x (at character %d): it is not Unicode text",
        surrogate, position);
  }
}
