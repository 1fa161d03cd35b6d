package io.tokenmint.signing;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/**
 * An ETag on the JWKS and the PEMs, and {@code 304 Not Modified} for a verifier that sends it back: after their
 * five minutes of {@code max-age} verifiers revalidate for a few bytes instead of fetching every key again. The tag
 * is a hash of the answer, so it changes exactly when a key is added, activated or withdrawn.
 */
@Configuration(proxyBeanMethods = false)
class PublicKeyRevalidation {

	@Bean
	FilterRegistrationBean<ShallowEtagHeaderFilter> publicKeyEtags() {
		FilterRegistrationBean<ShallowEtagHeaderFilter> registration = new FilterRegistrationBean<>(new ShallowEtagHeaderFilter());
		registration.addUrlPatterns("/.well-known/jwks.json", "/keys/*");
		registration.setName("publicKeyEtags");
		return registration;
	}

}
