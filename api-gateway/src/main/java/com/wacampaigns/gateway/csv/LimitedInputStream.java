package com.wacampaigns.gateway.csv;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import com.wacampaigns.gateway.web.ApiException;

/**
 * Refuses a body larger than the configured limit with 413, however it is sent.
 */
final class LimitedInputStream extends FilterInputStream {

	private final long limit;

	private long read;

	LimitedInputStream(InputStream in, long limit) {
		super(in);
		this.limit = limit;
	}

	@Override
	public int read() throws IOException {
		int b = super.read();
		if (b >= 0) {
			count(1);
		}
		return b;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		int n = super.read(buffer, offset, length);
		if (n > 0) {
			count(n);
		}
		return n;
	}

	private void count(long n) {
		this.read += n;
		if (this.read > this.limit) {
			throw ApiException.payloadTooLarge("CSV files are limited to " + this.limit + " bytes");
		}
	}

}
