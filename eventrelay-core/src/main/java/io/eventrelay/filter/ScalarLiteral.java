package io.eventrelay.filter;

/**
 * A single value: a {@link StringLiteral}, {@link NumberLiteral}, {@link BooleanLiteral} or {@link
 * InstantLiteral}. Casts ({@code ::INTEGER}, {@code ::DATE}, …) are applied by the parser, so the
 * type here is the type the value is compared as.
 */
public sealed interface ScalarLiteral extends Literal
    permits StringLiteral, NumberLiteral, BooleanLiteral, InstantLiteral {}
