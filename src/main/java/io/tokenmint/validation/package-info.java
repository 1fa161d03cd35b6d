/**
 * The request-validation toolkit every feature shares: typed reading of request fields, text rules, lifetimes, header text.
 */
@NullMarked
package io.tokenmint.validation;

import org.jspecify.annotations.NullMarked;
