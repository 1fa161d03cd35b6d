/**
 * HTTP as every endpoint meets it: problem answers, request ids, body limits and encodings, strict JSON, the OpenAPI
 * document, JSON logs and worker threads.
 */
@NullMarked
package io.tokenmint.web;

import org.jspecify.annotations.NullMarked;
