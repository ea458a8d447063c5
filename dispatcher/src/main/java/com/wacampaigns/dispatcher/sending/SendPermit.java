package com.wacampaigns.dispatcher.sending;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One send's place in flight: one of its campaign's workers and one of this dispatcher's
 * sends in flight, taken together before the send and given back together when it is
 * closed. Closing it again does nothing, so a permit closed both by its send and by the
 * code that failed to start that send is given back once.
 */
final class SendPermit implements AutoCloseable {

	private final Semaphore campaignWorkers;

	private final Semaphore dispatcherInFlight;

	private final AtomicInteger senderInFlight;

	private final AtomicBoolean closed = new AtomicBoolean();

	private SendPermit(Semaphore campaignWorkers, Semaphore dispatcherInFlight, AtomicInteger senderInFlight) {
		this.campaignWorkers = campaignWorkers;
		this.dispatcherInFlight = dispatcherInFlight;
		this.senderInFlight = senderInFlight;
	}

	/**
	 * Waits for a worker of the campaign, then for room among the dispatcher's sends in
	 * flight: in this order, a campaign waiting for its own workers holds none of the
	 * room that other campaigns share.
	 * @param senderInFlight the sender's gauge of sends in flight, counted up while the
	 * permit is held
	 */
	static SendPermit acquire(Semaphore campaignWorkers, Semaphore dispatcherInFlight, AtomicInteger senderInFlight) {
		campaignWorkers.acquireUninterruptibly();
		dispatcherInFlight.acquireUninterruptibly();
		senderInFlight.incrementAndGet();
		return new SendPermit(campaignWorkers, dispatcherInFlight, senderInFlight);
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.senderInFlight.decrementAndGet();
			this.dispatcherInFlight.release();
			this.campaignWorkers.release();
		}
	}

}
