package com.wacampaigns.gateway.csv;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import com.wacampaigns.gateway.Http;
import com.wacampaigns.gateway.NewUserIntegrationTest;
import com.wacampaigns.localstack.Seeder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A million rows (one in ten bad) streamed through the import endpoint are imported with
 * bounded memory: the file is generated while it is sent, never held anywhere, and the
 * gateway's heap grows by a small, fixed part of the file's size. (The benchmark
 * {@code csv-import} measures the same with the gateway in its own -Xmx256m process.)
 */
class CsvMillionRowsIntegrationTests extends NewUserIntegrationTest {

	private static final int ROWS = 1_000_000;

	@LocalServerPort
	private int port;

	@Test
	void shouldImportAMillionRowsWithBoundedMemory() throws Exception {
		UUID campaign = this.accounts.campaign(this.user).create();
		String token = this.user.token();
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		System.gc();
		long baseline = memory.getHeapMemoryUsage().getUsed();
		AtomicLong peak = new AtomicLong(baseline);
		// What the import keeps, not what it allocates: the heap right after a full
		// collection, every second of the import.
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
		sampler.scheduleAtFixedRate(() -> {
			System.gc();
			peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
		}, 0, 1, TimeUnit.SECONDS);

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/campaigns/" + campaign + "/recipients"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "text/csv")
				.POST(HttpRequest.BodyPublishers.ofInputStream(GeneratedCsv::new))
				.build(), HttpResponse.BodyHandlers.ofString());
		sampler.shutdownNow();

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode report = Http.json(response);
		assertThat(report.get("imported").asLong()).isEqualTo(ROWS * 9 / 10);
		assertThat(report.get("rejected").asLong()).isEqualTo(ROWS / 10);
		assertThat(report.get("errors")).hasSize(100);
		assertThat(this.jdbc.sql("SELECT total_recipients FROM campaigns WHERE id = :id")
			.param("id", campaign)
			.query(Integer.class)
			.single()).isEqualTo(ROWS * 9 / 10);
		// The file is ~50 MB; its rows as Strings in a list would take several times
		// that.
		long grownMb = (peak.get() - baseline) >> 20;
		assertThat(grownMb).as("live heap growth in MB during the import").isLessThan(100);
	}

	/** {@code phone,name,1,2} and a million rows, made as they are read. */
	private static final class GeneratedCsv extends InputStream {

		private byte[] line = "phone,name,1,2\n".getBytes(StandardCharsets.UTF_8);

		private int position;

		private int row;

		@Override
		public int read() {
			if (this.position == this.line.length && !nextLine()) {
				return -1;
			}
			return this.line[this.position++] & 0xFF;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (length == 0) {
				return 0;
			}
			int written = 0;
			while (written < length) {
				if (this.position == this.line.length && !nextLine()) {
					break;
				}
				int chunk = Math.min(length - written, this.line.length - this.position);
				System.arraycopy(this.line, this.position, buffer, offset + written, chunk);
				this.position += chunk;
				written += chunk;
			}
			return (written == 0) ? -1 : written;
		}

		private boolean nextLine() {
			if (this.row == ROWS) {
				return false;
			}
			int n = ++this.row;
			String text = (n % 10 == 0) ? "12" + n + ",Bad,x,y\n"
					: Seeder.phone(n) + ",Customer " + n + ",C" + n + ",A-" + n + "\n";
			this.line = text.getBytes(StandardCharsets.UTF_8);
			this.position = 0;
			return true;
		}

	}

}
