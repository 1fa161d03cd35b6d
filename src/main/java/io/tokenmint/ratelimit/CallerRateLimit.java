package io.tokenmint.ratelimit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.tokenmint.caller.Caller;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Applies the per-caller limits to {@link RateLimited} handlers, before their body is read. The admin is not
 * limited (see {@link Throttles#takeForCaller}).
 */
@Configuration(proxyBeanMethods = false)
class CallerRateLimit implements WebMvcConfigurer, HandlerInterceptor {

	private final Throttles throttles;

	CallerRateLimit(Throttles throttles) {
		this.throttles = throttles;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
		if (!(handler instanceof HandlerMethod method) || !method.hasMethodAnnotation(RateLimited.class)) {
			return true;
		}
		var authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof Caller caller)) {
			return true;
		}
		var verdict = throttles.takeForCaller(caller);
		if (!verdict.allowed()) {
			throttles.refuse(verdict, "requests from this caller", request, response);
		}
		return verdict.allowed();
	}

}
