package io.eventrelay.internal.queues;

import static io.eventrelay.internal.queues.BackoffPolicyTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.BackoffPolicy;
import io.eventrelay.Filter;
import io.eventrelay.FilterSyntaxException;
import io.eventrelay.QueueOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class QueueOptionsTest {

  @Test
  void defaultsDeliverEverythingWithAThirtySecondLeaseFiveAttemptsAndNoLimit() {
    QueueOptions d = QueueOptions.defaults();

    assertTrue(d.filter().isAll());
    assertEquals(Duration.ofSeconds(30), d.leaseDuration());
    assertEquals(5, d.maxAttempts());
    assertEquals(Optional.empty(), d.deadLetterTopic());
    assertEquals(OptionalInt.empty(), d.concurrencyLimit());
    assertFalse(d.fifo());
    assertTrue(d.deliverExisting());
    Duration first = d.backoff().delay(1);
    assertTrue(
        first.compareTo(Duration.ofMillis(500)) >= 0
            && first.compareTo(Duration.ofSeconds(1)) <= 0);
  }

  @Test
  void builtOptionsDoNotChangeWhenTheirBuilderDoes() {
    BackoffPolicy none = BackoffPolicy.fixed(Duration.ZERO);
    QueueOptions.Builder builder =
        QueueOptions.builder()
            .filter("name == 'a'")
            .leaseDuration(Duration.ofMinutes(2))
            .maxAttempts(9)
            .backoff(none)
            .deadLetterTopic("failed")
            .concurrencyLimit(4)
            .fifo(true)
            .deliverExisting(false);
    QueueOptions built = builder.build();

    builder.maxAttempts(1).fifo(false).filter(Filter.all());

    assertEquals(Filter.parse("name == 'a'"), built.filter());
    assertEquals(Duration.ofMinutes(2), built.leaseDuration());
    assertEquals(9, built.maxAttempts());
    assertSame(none, built.backoff());
    assertEquals(Optional.of("failed"), built.deadLetterTopic());
    assertEquals(OptionalInt.of(4), built.concurrencyLimit());
    assertTrue(built.fifo());
    assertFalse(built.deliverExisting());
    QueueOptions copy = built.toBuilder().build();
    assertEquals(built.toString(), copy.toString());
  }

  @Test
  void eachSettingIsCheckedWhenSetWithItsNameAndRange() {
    QueueOptions.Builder b = QueueOptions.builder();
    assertMessage("maxAttempts must be between 1 and 1000 (was 0)", () -> b.maxAttempts(0));
    assertMessage("maxAttempts must be between 1 and 1000 (was 1001)", () -> b.maxAttempts(1001));
    assertMessage(
        "leaseDuration must be between 1 millisecond and 24 hours (was PT0.000999S)",
        () -> b.leaseDuration(Duration.ofNanos(999_000)));
    assertMessage(
        "leaseDuration must be between 1 millisecond and 24 hours (was PT24H0.001S)",
        () -> b.leaseDuration(Duration.ofHours(24).plusMillis(1)));
    assertMessage(
        "concurrencyLimit must be between 1 and 1000000 (was 0)", () -> b.concurrencyLimit(0));
    assertMessage(
        "deadLetterTopic is not allowed: topic name 'Dead' has an illegal character at index 0;"
            + " allowed: a lower-case letter first, then a-z, 0-9 and _",
        () -> b.deadLetterTopic("Dead"));
    assertThrows(FilterSyntaxException.class, () -> b.filter("name = 'a'"));
    assertThrows(NullPointerException.class, () -> b.backoff(null));
    assertThrows(NullPointerException.class, () -> b.filter((Filter) null));
    assertEquals(QueueOptions.defaults().toString(), b.build().toString(), "nothing was changed");
  }
}
