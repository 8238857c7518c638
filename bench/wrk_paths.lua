-- wrk script for bench/web.py: cycle through the paths in the file given after `--`
-- (each thread from its own offset) and print the latency percentiles as one JSON line.
local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  counter = (tid or 0) * math.floor(#paths / 2)
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "errors": %d, "p50": %f, "p95": %f, "p99": %f, "us": %d}\n',
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.duration))
end
