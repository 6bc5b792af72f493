package io.eventrelay.internal;

/** The rules for topic names and identifiers, and the {@code name:identifier} address form. */
public final class TopicNames {
  /** The longest topic name allowed. */
  public static final int MAX_NAME_LENGTH = 50;

  /** The longest topic identifier allowed, in bytes of UTF-8. */
  public static final int MAX_IDENTIFIER_LENGTH = 255;

  private TopicNames() {}

  /**
   * Checks a topic name: {@code [a-z][a-z0-9_]*}, at most 50 characters.
   *
   * @return the name
   * @throws IllegalArgumentException saying what is wrong and what is allowed
   */
  public static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(
          "topic name must not be empty; allowed: [a-z][a-z0-9_]*, 1 to 50 characters");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "topic name must be at most 50 characters (was " + name.length() + ")");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (i > 0 && ((c >= '0' && c <= '9') || c == '_'));
      if (!ok) {
        throw new IllegalArgumentException(
            "topic name '"
                + printable(name)
                + "' has an illegal character at index "
                + i
                + "; allowed: a lower-case letter first, then a-z, 0-9 and _");
      }
    }
    return name;
  }

  /**
   * Checks a topic identifier: 1 to 255 bytes of UTF-8, no control characters.
   *
   * @return the identifier
   */
  public static String checkIdentifier(String identifier) {
    if (identifier.isEmpty()) {
      throw new IllegalArgumentException("topic identifier must not be empty");
    }
    long bytes;
    try {
      bytes = Utf8.length(identifier);
    } catch (IllegalArgumentException unpaired) {
      throw new IllegalArgumentException("topic identifier " + unpaired.getMessage());
    }
    if (bytes > MAX_IDENTIFIER_LENGTH) {
      throw new IllegalArgumentException(
          "topic identifier must be at most 255 bytes of UTF-8 (was " + bytes + ")");
    }
    for (int i = 0; i < identifier.length(); i++) {
      if (Character.isISOControl(identifier.charAt(i))) {
        throw new IllegalArgumentException(
            "topic identifier has a control character at index " + i);
      }
    }
    return identifier;
  }

  /**
   * Splits {@code users:123} into {@code users} and {@code 123}; an address without a colon has no
   * identifier. Both parts are checked.
   *
   * @return a two-element array: name, identifier (or null)
   */
  public static String[] parseAddress(String address) {
    if (address == null) {
      throw new IllegalArgumentException("topic must not be null");
    }
    int colon = address.indexOf(':');
    if (colon < 0) {
      return new String[] {checkName(address), null};
    }
    return new String[] {
      checkName(address.substring(0, colon)), checkIdentifier(address.substring(colon + 1))
    };
  }

  private static String printable(String s) {
    String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
