package io.eventrelay.internal.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.Filter;
import io.eventrelay.FilterSyntaxException;
import io.eventrelay.StartPosition;
import io.eventrelay.SubscriptionOptions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Subscription options and start positions: defaults, bounds, and their messages. */
class SubscriptionOptionsTest {

  @Test
  void defaultsAreAllEventsFromTheEarliestWithThirtySecondLeases() {
    SubscriptionOptions d = SubscriptionOptions.defaults();

    assertSame(Filter.all(), d.filter());
    assertEquals(StartPosition.earliest(), d.startPosition());
    assertEquals(Duration.ofSeconds(30), d.leaseDuration());
    assertEquals(Duration.ofMillis(500), d.pollInterval());
    assertEquals(100, d.batchSize());
    assertEquals(Duration.ofSeconds(1), d.retryInitial());
    assertEquals(Duration.ofMinutes(1), d.retryMax());
  }

  @Test
  void everySettingIsKeptAndTheBuilderDoesNotChangeBuiltOptions() {
    SubscriptionOptions.Builder b =
        SubscriptionOptions.builder()
            .filter("name == 'a'")
            .startAt(StartPosition.offset(7))
            .leaseDuration(Duration.ofSeconds(9))
            .pollInterval(Duration.ofSeconds(2))
            .batchSize(10_000)
            .retryBackoff(Duration.ofMillis(1), Duration.ofHours(1));
    SubscriptionOptions built = b.build();
    b.filter(Filter.all()).batchSize(1);

    assertEquals(Filter.parse("name=='a'"), built.filter());
    assertEquals(StartPosition.offset(7), built.startPosition());
    assertEquals(Duration.ofSeconds(9), built.leaseDuration());
    assertEquals(Duration.ofSeconds(2), built.pollInterval());
    assertEquals(10_000, built.batchSize());
    assertEquals(Duration.ofMillis(1), built.retryInitial());
    assertEquals(Duration.ofHours(1), built.retryMax());
    assertTrue(b.build().filter().isAll());
  }

  @Test
  void outOfRangeSettingsAreRejectedWithTheirNameAndRange() {
    SubscriptionOptions.Builder b = SubscriptionOptions.builder();

    assertMessage(
        "leaseDuration must be between PT1S and PT1H (was PT0.999S)",
        () -> b.leaseDuration(Duration.ofMillis(999)));
    assertMessage(
        "leaseDuration must be between PT1S and PT1H (was PT1H0.001S)",
        () -> b.leaseDuration(Duration.ofHours(1).plusMillis(1)));
    assertMessage(
        "pollInterval must be between PT0.001S and PT1M (was PT0S)",
        () -> b.pollInterval(Duration.ZERO));
    assertMessage(
        "pollInterval must be between PT0.001S and PT1M (was PT1M0.001S)",
        () -> b.pollInterval(Duration.ofMinutes(1).plusMillis(1)));
    assertMessage("batchSize must be between 1 and 10000 (was 0)", () -> b.batchSize(0));
    assertMessage("batchSize must be between 1 and 10000 (was 10001)", () -> b.batchSize(10_001));
    assertMessage(
        "retry initial delay must be between PT0.001S and PT1H (was PT-1S)",
        () -> b.retryBackoff(Duration.ofSeconds(-1), Duration.ofSeconds(1)));
    assertMessage(
        "retry max delay (PT1S) must be at least the retry initial delay (PT2S)",
        () -> b.retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThrows(NullPointerException.class, () -> b.leaseDuration(null));
    assertThrows(NullPointerException.class, () -> b.startAt(null));
    assertThrows(NullPointerException.class, () -> b.filter((Filter) null));

    assertEquals(SubscriptionOptions.defaults().toString(), b.build().toString(), "unchanged");
  }

  @Test
  void pollIntervalMustBeLessThanAThirdOfTheLease() {
    assertMessage(
        "pollInterval (PT0.5S) must be less than a third of leaseDuration (PT1S)",
        () -> SubscriptionOptions.builder().leaseDuration(Duration.ofSeconds(1)).build());
    assertMessage(
        "pollInterval (PT1S) must be less than a third of leaseDuration (PT3S)",
        () -> lease3s().pollInterval(Duration.ofSeconds(1)).build());

    assertEquals(
        Duration.ofMillis(999),
        lease3s().pollInterval(Duration.ofMillis(999)).build().pollInterval());
  }

  private static SubscriptionOptions.Builder lease3s() {
    return SubscriptionOptions.builder().leaseDuration(Duration.ofSeconds(3));
  }

  @Test
  void invalidFilterFailsWhenSetAndBlankMeansAll() {
    FilterSyntaxException e =
        assertThrows(
            FilterSyntaxException.class, () -> SubscriptionOptions.builder().filter("name ="));
    assertEquals(5, e.position());
    assertTrue(SubscriptionOptions.builder().filter("  ").build().filter().isAll());
    assertTrue(SubscriptionOptions.builder().filter((String) null).build().filter().isAll());
  }

  @Test
  void startPositionsCheckTheirArgumentsAndDescribeThemselves() {
    assertMessage("offset must be at least 1 (was 0)", () -> StartPosition.offset(0));
    assertThrows(NullPointerException.class, () -> StartPosition.time(null));
    Instant t = Instant.parse("2031-01-02T03:04:05Z");

    assertEquals("earliest", StartPosition.earliest().toString());
    assertEquals("latest", StartPosition.latest().toString());
    assertEquals("offset(5)", StartPosition.offset(5).toString());
    assertEquals("time(2031-01-02T03:04:05Z)", StartPosition.time(t).toString());
    assertEquals(StartPosition.time(t), StartPosition.time(t));
    assertEquals(StartPosition.offset(1).hashCode(), StartPosition.offset(1).hashCode());
  }

  private static void assertMessage(String expected, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertEquals(expected, e.getMessage());
  }
}
