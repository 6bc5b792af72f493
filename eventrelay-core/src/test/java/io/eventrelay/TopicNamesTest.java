package io.eventrelay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventrelay.internal.TopicNames;
import org.junit.jupiter.api.Test;

class TopicNamesTest {

  @Test
  void acceptsLowerCaseLettersDigitsAndUnderscoreAfterALetter() {
    assertEquals("users_2", TopicNames.checkName("users_2"));
    assertEquals("a".repeat(50), TopicNames.checkName("a".repeat(50)));
  }

  @Test
  void rejectsEmptyNameSayingWhatIsAllowed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TopicNames.checkName(""));
    assertEquals(
        "topic name must not be empty; allowed: [a-z][a-z0-9_]*, 1 to 50 characters",
        e.getMessage());
  }

  @Test
  void rejectsNamesOverFiftyCharactersWithTheLength() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TopicNames.checkName("a".repeat(51)));
    assertEquals("topic name must be at most 50 characters (was 51)", e.getMessage());
  }

  @Test
  void rejectsIllegalCharactersNamingTheIndex() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TopicNames.checkName("users; drop"));
    assertEquals(
        "topic name 'users; drop' has an illegal character at index 5;"
            + " allowed: a lower-case letter first, then a-z, 0-9 and _",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TopicNames.checkName("Users"));
    assertThrows(IllegalArgumentException.class, () -> TopicNames.checkName("1users"));
    assertThrows(IllegalArgumentException.class, () -> TopicNames.checkName("_users"));
  }

  @Test
  void splitsAddressIntoNameAndIdentifier() {
    assertArrayEquals(new String[] {"users", "123"}, TopicNames.parseAddress("users:123"));
    assertArrayEquals(new String[] {"users", "a:b"}, TopicNames.parseAddress("users:a:b"));
    assertArrayEquals(new String[] {"users", null}, TopicNames.parseAddress("users"));
  }

  @Test
  void rejectsEmptyIdentifierInAddress() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TopicNames.parseAddress("users:"));
    assertEquals("topic identifier must not be empty", e.getMessage());
  }

  @Test
  void limitsIdentifiersTo255BytesOfUtf8() {
    assertEquals("ü".repeat(127) + "z", TopicNames.checkIdentifier("ü".repeat(127) + "z"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TopicNames.parseAddress("users:" + "ü".repeat(128)));
    assertEquals("topic identifier must be at most 255 bytes of UTF-8 (was 256)", e.getMessage());
  }
}
