package io.eventrelay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
  @Test
  void countsWhatTheEncoderWrites() {
    for (String text :
        new String[] {"", "ascii", "é", "€", "\ud83d\ude00", "aé€\ud83d\ude00z", "\u07ff\u0800"}) {
      assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8.length(text), text);
    }
  }

  @Test
  void rejectsUnpairedSurrogatesSayingWhere() {
    assertEquals(
        "must not contain an unpaired surrogate \\ud83d (at character 2): it is not Unicode text",
        assertThrows(IllegalArgumentException.class, () -> Utf8.length("ab\ud83d")).getMessage());
    assertEquals(
        "must not contain an unpaired surrogate \\ude00 (at character 0): it is not Unicode text",
        assertThrows(IllegalArgumentException.class, () -> Utf8.length("\ude00\ud83d"))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> Utf8.length("\ud83dx\ude00"));
  }
}
