#!/bin/bash
# The compose health check's command, answered by whether the broker listens on 9092.
exec 3<>/dev/tcp/127.0.0.1/9092
