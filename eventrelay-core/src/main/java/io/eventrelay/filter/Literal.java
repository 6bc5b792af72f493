package io.eventrelay.filter;

/** A value in a filter: one {@link ScalarLiteral}, or a {@link ListLiteral} of them. */
public sealed interface Literal permits ScalarLiteral, ListLiteral {}
