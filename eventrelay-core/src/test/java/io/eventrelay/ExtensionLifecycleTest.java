package io.eventrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventrelay.spi.Extension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ExtensionLifecycleTest {
  private final MemoryStorage storage = new MemoryStorage();
  private final List<String> log = new CopyOnWriteArrayList<>();

  /** Records its start and close; fails to start when told to. */
  private Extension recording(String name, boolean failsToStart) {
    return new Extension() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void start(EventRelay relay) {
        log.add("start " + name + (storage.closed ? " on a closed storage" : ""));
        relay.createTopic(name); // the relay is usable while extensions start
        if (failsToStart) {
          throw new IllegalStateException("no endpoint configured");
        }
      }

      @Override
      public void close() {
        log.add("close " + name + (storage.closed ? " after the storage" : ""));
      }
    };
  }

  @Test
  void extensionsStartInRegistrationOrderAndCloseInReverseBeforeTheStorage() {
    EventRelay relay =
        EventRelay.builder()
            .storage(storage)
            .extension(recording("webhooks", false))
            .extension(recording("metrics", false))
            .build();
    assertEquals(List.of("start webhooks", "start metrics"), log);

    relay.close();
    relay.close();

    assertEquals(
        List.of("start webhooks", "start metrics", "close metrics", "close webhooks"), log);
    assertTrue(storage.closed);
  }

  @Test
  void anExtensionThatFailsToStartFailsBuildWithItsNameAndClosesThoseStartedAndTheStorage() {
    EventRelay.Builder builder =
        EventRelay.builder()
            .storage(storage)
            .extension(recording("webhooks", false))
            .extension(recording("metrics", true))
            .extension(recording("lua", false));

    EventRelayException e = assertThrows(EventRelayException.class, builder::build);

    assertEquals("extension 'metrics' failed to start: no endpoint configured", e.getMessage());
    assertEquals(List.of("start webhooks", "start metrics", "close webhooks"), log);
    assertTrue(storage.closed);
  }

  @Test
  void anExtensionThatFailsToCloseDoesNotStopTheOthersOrTheStorage() {
    Extension failing =
        new Extension() {
          @Override
          public void start(EventRelay relay) {}

          @Override
          public void close() {
            throw new IllegalStateException("flush failed");
          }
        };
    EventRelay relay =
        EventRelay.builder()
            .storage(storage)
            .extension(recording("webhooks", false))
            .extension(failing)
            .build();

    relay.close();

    assertEquals(List.of("start webhooks", "close webhooks"), log);
    assertTrue(storage.closed);
  }

  @Test
  void theSameExtensionCannotBeRegisteredTwice() {
    Extension once = recording("webhooks", false);
    EventRelay.Builder builder = EventRelay.builder().storage(storage).extension(once);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> builder.extension(once));

    assertEquals("extension 'webhooks' is already registered", e.getMessage());
    assertFalse(storage.closed);
  }
}
