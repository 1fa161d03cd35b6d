package io.tokenmint.profile;

/** One thing {@code /tokens/verify} found wrong with a token, or worth a warning. */
public record Finding(VerifyCheck code, String message) {
}
