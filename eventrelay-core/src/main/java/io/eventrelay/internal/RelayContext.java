package io.eventrelay.internal;

import io.eventrelay.spi.Storage;
import java.time.Clock;

/**
 * What the relay's internal parts share: its storage, clock, topic signals and open consumers.
 * Handed by {@link io.eventrelay.EventRelay} to the classes that implement subscriptions, queues
 * and listeners.
 *
 * @param storage the relay's storage, started
 * @param clock the relay's clock
 * @param signals wakes consumers after commits
 * @param consumers where workers and subscriptions register, so that the relay's close closes them
 * @param meters where the relay's parts report what they do
 */
public record RelayContext(
    Storage storage,
    Clock clock,
    TopicSignals signals,
    OpenConsumers consumers,
    SafeMeters meters) {}
