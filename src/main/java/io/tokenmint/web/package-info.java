/**
 * Security configuration, authentication, rate limits, problem answers, request ids, CORS and OpenAPI.
 */
@NullMarked
package io.tokenmint.web;

import org.jspecify.annotations.NullMarked;
