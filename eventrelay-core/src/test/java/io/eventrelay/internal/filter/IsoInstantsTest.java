package io.eventrelay.internal.filter;

import static io.eventrelay.internal.filter.IsoInstants.INVALID;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

  @Test
  void dateIsMidnightUtc() {
    assertEquals(1_704_067_200_000_000L, IsoInstants.micros("2024-01-01"));
    assertEquals(0L, IsoInstants.micros("1970-01-01"));
    assertEquals(micros("0001-01-01T00:00:00Z"), IsoInstants.micros("0001-01-01"));
    assertEquals(micros("9999-12-31T00:00:00Z"), IsoInstants.micros("9999-12-31"));
  }

  @Test
  void dateTimeHonoursZOrOffsetAndKeepsMicroseconds() {
    assertEquals(micros("2024-01-05T10:00:00Z"), IsoInstants.micros("2024-01-05T10:00:00Z"));
    assertEquals(micros("2024-01-05T08:00:00Z"), IsoInstants.micros("2024-01-05T10:00:00+02:00"));
    assertEquals(micros("2024-01-05T13:30:00Z"), IsoInstants.micros("2024-01-05T10:00:00-03:30"));
    assertEquals(micros("2024-01-05T10:00:00.5Z"), IsoInstants.micros("2024-01-05T10:00:00.5Z"));
    assertEquals(
        micros("2024-01-05T10:00:00.123456Z"), IsoInstants.micros("2024-01-05T10:00:00.123456Z"));
    assertEquals(
        micros("2024-01-05T10:00:00.123456Z"),
        IsoInstants.micros("2024-01-05T10:00:00.123456999Z"));
    assertEquals(-500_000L, IsoInstants.micros("1969-12-31T23:59:59.5Z"));
    assertEquals(micros("2024-01-04T16:00:00Z"), IsoInstants.micros("2024-01-05T10:00:00+18:00"));
    assertEquals(micros("2024-01-06T04:00:00Z"), IsoInstants.micros("2024-01-05T10:00:00-18:00"));
  }

  @Test
  void calendarRulesAreChecked() {
    assertEquals(micros("2024-02-29T00:00:00Z"), IsoInstants.micros("2024-02-29"));
    assertEquals(micros("2000-02-29T00:00:00Z"), IsoInstants.micros("2000-02-29"));
    assertInvalid(
        "2023-02-29",
        "1900-02-29",
        "2024-02-30",
        "2024-04-31",
        "2024-13-01",
        "2024-00-10",
        "2024-01-00");
    assertInvalid(
        "2024-01-32",
        "0000-01-01",
        "2024-01-05T24:00:00Z",
        "2024-01-05T10:60:00Z",
        "2024-01-05T10:00:60Z");
    assertInvalid(
        "2024-01-05T10:00:00+18:01", "2024-01-05T10:00:00+19:00", "2024-01-05T10:00:00+02:60");
  }

  @Test
  void onlyTheStrictFormIsADate() {
    assertInvalid(
        "2024-01-05T10:00:00",
        "2024-01-05t10:00:00Z",
        "2024-01-05T10:00:00z",
        "2024-01-05 10:00:00Z",
        "2024-01-05T10:00Z",
        "2024-01-05T10:00:00.Z",
        "2024-01-05T10:00:00.1234567890Z",
        "2024-01-05T10:00:00+0200",
        "2024-01-05T10:00:00+02",
        "2024-1-05",
        "24-01-05",
        " 2024-01-05",
        "2024-01-05\n",
        "2024-01-05Z",
        "+2024-01-05",
        "20240105",
        "",
        "x");
  }

  @Test
  void dateAndDateTimeFormsCanBeRequired() {
    assertEquals(INVALID, IsoInstants.dateMicros("2024-01-05T10:00:00Z"));
    assertEquals(INVALID, IsoInstants.dateTimeMicros("2024-01-05"));
    assertEquals(IsoInstants.micros("2024-01-05"), IsoInstants.dateMicros("2024-01-05"));
    assertEquals(
        IsoInstants.micros("2024-01-05T10:00:00Z"),
        IsoInstants.dateTimeMicros("2024-01-05T10:00:00Z"));
  }

  private static long micros(String iso) {
    Instant t = OffsetDateTime.parse(iso).toInstant();
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  private static void assertInvalid(String... texts) {
    assertAll(
        java.util.Arrays.stream(texts)
            .map(t -> () -> assertEquals(INVALID, IsoInstants.micros(t), t)));
  }
}
