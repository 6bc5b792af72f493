package io.eventrelay.spi;

import io.eventrelay.Filter;
import java.time.Instant;

/**
 * A worker queue as storage knows it.
 *
 * @param id the storage's key for the queue, never reused for another queue
 * @param topic the topic the queue reads
 * @param name the queue's name, unique within its topic
 * @param filter the stored filter; {@link Filter#all()} for none
 * @param deadLetterTopic where jobs go after their last attempt
 * @param createdAt when the queue was created
 */
public record QueueRecord(
    long id, String topic, String name, Filter filter, String deadLetterTopic, Instant createdAt) {}
