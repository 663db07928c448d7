package io.netpoldemo.auth.authenticate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AuthPropertiesTests {

	@Test
	void refusesAnEmptyTokenThatWouldAcceptAnEmptyBearer() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AuthProperties(""))
			.withMessageContaining("AUTH_DEMO_TOKEN");
		assertThatIllegalArgumentException().isThrownBy(() -> new AuthProperties("  "));
	}

	@Test
	void keepsAGivenToken() {
		assertThat(new AuthProperties("s3cret").demoToken()).isEqualTo("s3cret");
	}

}
