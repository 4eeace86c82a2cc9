-- wrk script for bench/mixed.py: requests drawn by Zipf's law from a ranked list of paths, and the cache's answers
-- counted from the X-Cache response header (hit or miss; neither when the server does not send it).
-- Arguments: the file of paths (most popular first, one a line), the Zipf exponent, the random seed.

local paths, cumulative, total = {}, {}, 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    table.insert(paths, line)
  end
  local exponent = tonumber(args[2])
  for rank = 1, #paths do
    total = total + 1 / rank ^ exponent
    cumulative[rank] = total
  end
  math.randomseed(tonumber(args[3]))
  hits, misses, non_2xx = 0, 0, 0
end

function request()
  local x, low, high = math.random() * total, 1, #paths
  while low < high do
    local middle = math.floor((low + high) / 2)
    if cumulative[middle] < x then low = middle + 1 else high = middle end
  end
  return wrk.format("GET", paths[low])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
  end
  local answer = headers["X-Cache"] or headers["x-cache"]
  if answer == "hit" then
    hits = hits + 1
  elseif answer == "miss" then
    misses = misses + 1
  end
end

function done(summary, latency, requests)
  local counts = {non_2xx = 0, hits = 0, misses = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(counts) do
      counts[name] = counts[name] + thread:get(name)
    end
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "non_2xx": %d, "errors": %d, "hits": %d, "misses": %d, ' ..
    '"p50_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, counts.non_2xx, errors, counts.hits, counts.misses,
    latency:percentile(50), latency:percentile(99), latency.max
  ))
end
