package io.eventrelay.test;

import io.eventrelay.EventRelay;
import io.eventrelay.jdbc.JdbcStorage;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test a fresh {@link EventRelay} on a private in-memory SQLite
 * database, timed by a {@link MutableClock} the test controls. The relay is built before the test's
 * <code>&#64;BeforeEach</code> methods run and closed after its <code>&#64;AfterEach</code>
 * methods, whether the test passed or not, so no events leak from one test into the next.
 *
 * <p>Register it on a field to configure it or to reach the relay through {@link #relay()} and
 * {@link #clock()}:
 *
 * <pre>{@code
 * class AuditTrailTest {
 *   @RegisterExtension
 *   static EventRelayExtension relays =
 *       EventRelayExtension.inMemory().configure(builder -> builder.maxEventSize(4096));
 *
 *   @Test
 *   void recordsLogins() {
 *     Topic audit = relays.relay().createTopic("audit");
 *     Event login = audit.publish(Event.builder("user.login").source("web").data("{}").build());
 *     assertEquals(relays.clock().instant(), login.occurredAt());
 *   }
 * }
 * }</pre>
 *
 * <p>or declaratively, with the relay and its clock injected as parameters of test, <code>
 * &#64;BeforeEach</code> and <code>&#64;AfterEach</code> methods:
 *
 * <pre>{@code
 * @ExtendWith(EventRelayExtension.class)
 * class AuditReportTest {
 *   @Test
 *   void readsWhatWasRecordedSinceATime(EventRelay relay, MutableClock clock) {
 *     Topic audit = relay.createTopic("audit");
 *     audit.publish(Event.builder("user.login").source("web").data("{}").build());
 *     Instant since = clock.advance(Duration.ofHours(1));
 *     audit.publish(Event.builder("user.logout").source("web").data("{}").build());
 *     assertEquals(2, audit.offsetAt(since));
 *   }
 * }
 * }</pre>
 *
 * <p>Each test's clock starts at {@link MutableClock#DEFAULT_START} (see {@link
 * #startingAt(Instant)}), so event times are the same on every run. The relay uses the clock for
 * occurrence and recording times, ids and leases. The relay and the clock cannot be injected into
 * constructors or <code>&#64;BeforeAll</code> methods: they exist only from each test's start to
 * its end.
 *
 * <p>An extension is immutable: {@link #configure} and {@link #startingAt} return new ones. It is
 * safe to share between tests run in parallel when the relay is reached through parameters; {@link
 * #relay()} and {@link #clock()} return those of the test that started last, so with parallel
 * execution use parameters, or register the extension on an instance field.
 */
public final class EventRelayExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final Namespace NAMESPACE = Namespace.create(EventRelayExtension.class);

  private final Instant start;
  private final Consumer<? super EventRelay.Builder> customizer;
  private volatile Fixture current;

  /**
   * An extension with the default settings; the constructor <code>&#64;ExtendWith</code> uses.
   * Prefer {@link #inMemory()} in code.
   */
  public EventRelayExtension() {
    this(MutableClock.DEFAULT_START, builder -> {});
  }

  private EventRelayExtension(Instant start, Consumer<? super EventRelay.Builder> customizer) {
    this.start = start;
    this.customizer = customizer;
  }

  /**
   * An extension that gives each test a relay on its own in-memory SQLite database, with default
   * settings and a clock at {@link MutableClock#DEFAULT_START}.
   */
  public static EventRelayExtension inMemory() {
    return new EventRelayExtension();
  }

  /**
   * An extension like this one that also applies {@code customizer} to each test's relay builder,
   * after this one's own customizers. The extension sets the storage and the clock after every
   * customizer has run, so those two cannot be replaced.
   *
   * <pre>{@code
   * EventRelayExtension.inMemory().configure(builder -> builder.maxEventSize(4096))
   * }</pre>
   *
   * @throws NullPointerException if {@code customizer} is null
   */
  public EventRelayExtension configure(Consumer<? super EventRelay.Builder> customizer) {
    Objects.requireNonNull(customizer, "customizer");
    Consumer<? super EventRelay.Builder> before = this.customizer;
    return new EventRelayExtension(
        start,
        builder -> {
          before.accept(builder);
          customizer.accept(builder);
        });
  }

  /**
   * An extension like this one whose tests' clocks start at {@code start} instead of {@link
   * MutableClock#DEFAULT_START}.
   *
   * @throws NullPointerException if {@code start} is null
   */
  public EventRelayExtension startingAt(Instant start) {
    return new EventRelayExtension(Objects.requireNonNull(start, "start"), customizer);
  }

  /**
   * The running test's relay.
   *
   * @throws IllegalStateException if no test is running (before <code>&#64;BeforeEach</code> or
   *     after <code>&#64;AfterEach</code>)
   */
  public EventRelay relay() {
    return running("relay()").relay;
  }

  /**
   * The running test's clock, which is also its relay's clock.
   *
   * @throws IllegalStateException if no test is running (before <code>&#64;BeforeEach</code> or
   *     after <code>&#64;AfterEach</code>)
   */
  public MutableClock clock() {
    return running("clock()").clock;
  }

  /** Builds the test's relay on a new in-memory database and a new clock. */
  @Override
  public void beforeEach(ExtensionContext context) {
    MutableClock clock = new MutableClock(start);
    EventRelay.Builder builder = EventRelay.builder();
    customizer.accept(builder);
    EventRelay relay = builder.storage(JdbcStorage.sqliteInMemory()).clock(clock).build();
    Fixture fixture = new Fixture(relay, clock);
    context.getStore(NAMESPACE).put(this, fixture);
    current = fixture;
  }

  /** Closes the test's relay, which discards its database. */
  @Override
  public void afterEach(ExtensionContext context) {
    Fixture fixture = context.getStore(NAMESPACE).remove(this, Fixture.class);
    if (fixture != null) {
      if (current == fixture) {
        current = null;
      }
      fixture.relay.close();
    }
  }

  /** Supports parameters of type {@link EventRelay} and {@link MutableClock}. */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == EventRelay.class || type == MutableClock.class;
  }

  /**
   * The running test's relay or clock.
   *
   * @throws ParameterResolutionException if no test is running, as for a constructor or a <code>
   *     &#64;BeforeAll</code> method
   */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Fixture fixture = context.getStore(NAMESPACE).get(this, Fixture.class);
    if (fixture == null) {
      throw new ParameterResolutionException(
          "EventRelayExtension makes a relay for each test, so "
              + parameter.getParameter().getType().getSimpleName()
              + " can be injected into test, @BeforeEach and @AfterEach methods only (not into "
              + parameter.getDeclaringExecutable()
              + ")");
    }
    return parameter.getParameter().getType() == EventRelay.class ? fixture.relay : fixture.clock;
  }

  private Fixture running(String method) {
    Fixture fixture = current;
    if (fixture == null) {
      throw new IllegalStateException(
          method + " is only available while a test runs, from @BeforeEach to @AfterEach");
    }
    return fixture;
  }

  /** One test's relay and clock. */
  private static final class Fixture {
    final EventRelay relay;
    final MutableClock clock;

    Fixture(EventRelay relay, MutableClock clock) {
      this.relay = relay;
      this.clock = clock;
    }
  }
}
