package io.eventrelay.internal.queues;

import io.eventrelay.QueueOptions;
import java.util.regex.Pattern;

/** The rules for a queue's name and its dead-letter topic's name. */
final class QueueNames {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,49}");
  private static final String DEAD_SUFFIX = "_dead";

  private QueueNames() {}

  /**
   * Checks a queue's name: a lower-case letter, then a-z, 0-9 and _, at most 50 characters.
   *
   * @throws IllegalArgumentException naming the rule
   */
  static void check(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "queue name "
              + (name == null ? "null" : "'" + name + "'")
              + " is not allowed: use a lower-case letter first, then a-z, 0-9 and _,"
              + " at most 50 characters");
    }
  }

  /**
   * The dead-letter topic of queue {@code name} on {@code topic}: the options' one, or the queue's
   * name with {@code _dead}.
   *
   * @throws IllegalArgumentException if it is the queue's topic, or the default is too long
   */
  static String deadLetterTopic(String topic, String name, QueueOptions options) {
    String deadLetterTopic = options.deadLetterTopic().orElseGet(() -> defaultDeadLetters(name));
    if (deadLetterTopic.equals(topic)) {
      throw new IllegalArgumentException(
          "deadLetterTopic must differ from the queue's topic '" + topic + "'");
    }
    return deadLetterTopic;
  }

  private static String defaultDeadLetters(String name) {
    if (name.length() + DEAD_SUFFIX.length() > 50) {
      throw new IllegalArgumentException(
          "queue name '"
              + name
              + "' is too long for the default dead-letter topic '"
              + name
              + DEAD_SUFFIX
              + "' (topic names have at most 50 characters); set QueueOptions deadLetterTopic");
    }
    return name + DEAD_SUFFIX;
  }
}
