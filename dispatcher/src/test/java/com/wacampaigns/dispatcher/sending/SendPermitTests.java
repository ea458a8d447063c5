package com.wacampaigns.dispatcher.sending;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SendPermitTests {

	private final Semaphore campaignWorkers = new Semaphore(2);

	private final Semaphore dispatcherInFlight = new Semaphore(3);

	private final AtomicInteger senderInFlight = new AtomicInteger();

	@Test
	void shouldHoldAWorkerAndARoomInFlightUntilClosed() {
		SendPermit permit = SendPermit.acquire(this.campaignWorkers, this.dispatcherInFlight, this.senderInFlight);

		assertThat(this.campaignWorkers.availablePermits()).isEqualTo(1);
		assertThat(this.dispatcherInFlight.availablePermits()).isEqualTo(2);
		assertThat(this.senderInFlight).hasValue(1);

		permit.close();

		assertThat(this.campaignWorkers.availablePermits()).isEqualTo(2);
		assertThat(this.dispatcherInFlight.availablePermits()).isEqualTo(3);
		assertThat(this.senderInFlight).hasValue(0);
	}

	@Test
	void shouldGiveBackOnceWhenClosedTwice() {
		SendPermit permit = SendPermit.acquire(this.campaignWorkers, this.dispatcherInFlight, this.senderInFlight);

		permit.close();
		permit.close();

		assertThat(this.campaignWorkers.availablePermits()).isEqualTo(2);
		assertThat(this.dispatcherInFlight.availablePermits()).isEqualTo(3);
		assertThat(this.senderInFlight).hasValue(0);
	}

	@Test
	void shouldGiveBackWhenTheSendThrows() {
		assertThatIllegalStateException().isThrownBy(() -> {
			try (SendPermit permit = SendPermit.acquire(this.campaignWorkers, this.dispatcherInFlight,
					this.senderInFlight)) {
				throw new IllegalStateException("Could not record the send attempt");
			}
		});

		assertThat(this.campaignWorkers.availablePermits()).isEqualTo(2);
		assertThat(this.dispatcherInFlight.availablePermits()).isEqualTo(3);
		assertThat(this.senderInFlight).hasValue(0);
	}

}
