package io.eventrelay.filter;

/**
 * A node of a parsed filter: a {@link Comparison}, or an {@link And} or {@link Or} of nodes.
 *
 * <p>The tree is immutable and safe to share between threads. There is no negation: a node that
 * cannot be evaluated for an event (a missing field, a value of another type) is simply false, so
 * SQL renderings may rely on {@code NULL} meaning "no match" anywhere in the tree.
 */
public sealed interface Expression permits And, Or, Comparison {}
