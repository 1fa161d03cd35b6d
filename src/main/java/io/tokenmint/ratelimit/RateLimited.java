package io.tokenmint.ratelimit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler whose every request takes one from its caller's bucket. The limit is bound to the handler
 * MVC chose, not to how the path was spelled: {@code /%74okens} reaches the same method and the same limit.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RateLimited {
}
