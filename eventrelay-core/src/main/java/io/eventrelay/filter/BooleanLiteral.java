package io.eventrelay.filter;

/**
 * {@code true} or {@code false}. It equals only JSON booleans (never the number 1 or the string
 * {@code 'true'}), and is only compared with {@code ==}, {@code !=}, {@code in} and {@code
 * contains}: the parser rejects ordering operators.
 *
 * @param value the boolean
 */
public record BooleanLiteral(boolean value) implements ScalarLiteral {}
