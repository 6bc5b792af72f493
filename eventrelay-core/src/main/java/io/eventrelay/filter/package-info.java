/**
 * The parsed form of EventRelay's filter language, for storage implementations that render filters
 * to their query language and for tools that inspect them.
 *
 * <p>{@link io.eventrelay.Filter#parse(String)} turns text into an {@link Expression} tree of
 * immutable records; {@link io.eventrelay.Filter#expression()} returns it. A storage must select
 * exactly the events for which {@link io.eventrelay.Filter#matches(io.eventrelay.Event)} is true;
 * the rules below are that method's contract.
 *
 * <h2>Syntax</h2>
 *
 * <pre>
 * filter     = or
 * or         = and { OR and }                      AND binds tighter than OR
 * and        = primary { AND primary }
 * primary    = "(" or ")" | comparison             parentheses nest at most 64 deep
 * comparison = field operator value
 * field      = event-field | ("data" | "context") { "." segment }
 * segment    = [A-Za-z_][A-Za-z0-9_]*              no array indexes
 * operator   = "==" | "!=" | "&gt;" | "&gt;=" | "&lt;" | "&lt;=" | IN | CONTAINS
 * value      = scalar | "[" [ scalar { "," scalar } ] "]"      a list only after IN
 * scalar     = ( string | number | TRUE | FALSE ) [ "::" cast ]
 * string     = "'" { any character but "'" | "''" } "'"        '' stands for one quote
 * number     = [ "-" ] digits [ "." digits ] [ ( "e" | "E" ) [ "+" | "-" ] digits ]
 * cast       = DATE | DATETIME | INTEGER | FLOAT | BOOLEAN
 * </pre>
 *
 * <p>Keywords ({@code AND OR IN CONTAINS TRUE FALSE} and the cast names) are case-insensitive;
 * field names and path segments are case-sensitive. Whitespace (space, tab, CR, LF) separates
 * tokens. A backslash has no special meaning in a string. A blank filter matches every event; any
 * other text that does not follow these rules is rejected with {@link
 * io.eventrelay.FilterSyntaxException}, which gives the position of the error.
 *
 * <p>Casts convert a literal at parse time, and a literal that does not convert is a syntax error:
 * {@code '30'::INTEGER} is the number 30, {@code '1.5'::FLOAT} is 1.5, {@code 'true'::BOOLEAN} is
 * true, {@code '2024-01-01'::DATE} and {@code '2024-01-05T10:00:00Z'::DATETIME} are {@linkplain
 * InstantLiteral instants}.
 *
 * <h2>Meaning</h2>
 *
 * <ul>
 *   <li>Types are strict: a string equals only a string, a number only a number, a boolean only a
 *       boolean, so {@code '30'} never equals {@code 30}, while {@code 30 == 30.0}. Comparing
 *       values of different types is false, for every operator, {@code !=} included.
 *   <li>A field that is absent, a path that finds nothing and JSON {@code null} match nothing,
 *       {@code !=} included.
 *   <li>Numbers compare numerically, integers and decimals alike; a literal must be a whole number
 *       within 64 bits or have at most 15 significant digits (see {@link NumberLiteral}). Strings
 *       compare by Unicode code point; instants chronologically. Booleans only with {@code ==} and
 *       {@code !=} (and as members, with {@code in} and {@code contains}); an ordering operator
 *       with a boolean is a syntax error.
 *   <li>An instant compares with a time field, or with a JSON string holding a date or date-time
 *       (see {@link InstantLiteral}); a string that is not one matches nothing.
 *   <li>{@code in} is true when the value equals ({@code ==}) one of the list's elements.
 *   <li>{@code contains} is true when the value is a JSON array with an element equal ({@code ==})
 *       to the literal, or when both are strings and the value contains the literal
 *       (case-sensitive). Arrays and objects never equal a literal otherwise.
 *   <li>Top-level fields have fixed types (see {@link EventField.Type}) and the parser rejects a
 *       literal of another type: {@code occurred_at == 5} and {@code offset == '5'} are syntax
 *       errors, not silently false.
 * </ul>
 *
 * <p>Every type here is immutable and safe to share between threads.
 */
package io.eventrelay.filter;
