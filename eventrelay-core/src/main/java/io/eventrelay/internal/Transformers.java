package io.eventrelay.internal;

import io.eventrelay.Event;
import io.eventrelay.EventTransformer;
import io.eventrelay.EventTransformer.Output;
import io.eventrelay.TransformException;
import java.util.ArrayList;
import java.util.List;

/** The relay's transformers, applied in registration order, each to every output of the last. */
public final class Transformers {
  private final List<EventTransformer> chain;

  /** A chain of {@code transformers}, in order. */
  public Transformers(List<EventTransformer> transformers) {
    this.chain = List.copyOf(transformers);
  }

  /** Whether there is nothing to apply, so that publishing skips this step. */
  public boolean isEmpty() {
    return chain.isEmpty();
  }

  /**
   * What the chain makes of one published event.
   *
   * @param index the event's position in its publish call, or -1 for a single event
   * @throws TransformException if a transformer throws or returns null
   */
  public List<Output> apply(int index, String topic, Event draft) {
    List<Output> current = List.of(new Output(topic, draft));
    for (EventTransformer transformer : chain) {
      List<Output> next = new ArrayList<>(current.size());
      for (Output input : current) {
        List<Output> outputs;
        try {
          outputs = transformer.transform(input);
        } catch (RuntimeException e) {
          throw new TransformException(index, transformer.toString(), e);
        }
        if (outputs == null) {
          throw new TransformException(
              index, transformer.toString(), new NullPointerException("transform returned null"));
        }
        for (Output output : outputs) {
          if (output == null) {
            throw new TransformException(
                index,
                transformer.toString(),
                new NullPointerException("transform returned a list holding null"));
          }
          next.add(output);
        }
      }
      current = next;
    }
    return current;
  }
}
