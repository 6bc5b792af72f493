package io.eventrelay.spi;

import java.time.Instant;

/**
 * A topic as storage knows it.
 *
 * @param name the topic's name
 * @param createdAt when it was created
 */
public record TopicRecord(String name, Instant createdAt) {}
