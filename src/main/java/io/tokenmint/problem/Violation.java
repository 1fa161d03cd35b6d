package io.tokenmint.problem;

/**
 * One thing wrong with a request body.
 *
 * @param pointer RFC 6901 JSON Pointer to the offending value, such as {@code /permissions/1}
 */
public record Violation(ProblemCode code, String pointer, String detail) {
}
