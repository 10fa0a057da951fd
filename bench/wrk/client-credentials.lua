-- wrk script: POST grant_type=client_credentials to a token endpoint with client_secret_basic, and count
-- every response that is not 200 (printed in done(), with one sample body per status).
--
--   CLIENT_SECRET=… wrk -t2 -c16 -d20s -s bench/wrk/client-credentials.lua http://127.0.0.1:3300 -- /token
--   CLIENT_SECRET=… TOKEN_PATH=/bench/as/token wrk … -s bench/wrk/client-credentials.lua http://127.0.0.1:5000
--
-- Environment: CLIENT_ID (default bench-service), CLIENT_SECRET (required), TOKEN_PATH (the token endpoint
-- path; the first script argument after `--` wins; else the URL's own path), SCOPE (optional).

local b64chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

local function base64(data)
  return ((data:gsub(".", function(c)
    local bits, byte = "", c:byte()
    for i = 8, 1, -1 do bits = bits .. (byte % 2 ^ i - byte % 2 ^ (i - 1) > 0 and "1" or "0") end
    return bits
  end) .. "0000"):gsub("%d%d?%d?%d?%d?%d?", function(bits)
    if #bits < 6 then return "" end
    local n = 0
    for i = 1, 6 do n = n + (bits:sub(i, i) == "1" and 2 ^ (6 - i) or 0) end
    return b64chars:sub(n + 1, n + 1)
  end) .. ({ "", "==", "=" })[#data % 3 + 1])
end

-- RFC 6749 §2.3.1: client id and secret are form-urlencoded before they are joined for Basic auth.
local function form_urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

local client_id = os.getenv("CLIENT_ID") or "bench-service"
local client_secret = os.getenv("CLIENT_SECRET")
local scope = os.getenv("SCOPE")
if not client_secret or client_secret == "" then
  io.stderr:write("client-credentials.lua: CLIENT_SECRET is required\n")
  os.exit(2)
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local path = args[1] or os.getenv("TOKEN_PATH") or wrk.path
  local body = "grant_type=client_credentials"
  if scope and scope ~= "" then body = body .. "&scope=" .. form_urlencode(scope) end
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["Authorization"] = "Basic " .. base64(form_urlencode(client_id) .. ":" .. form_urlencode(client_secret)),
  }
  -- Every request is the same: format it once per thread.
  prepared = wrk.format("POST", path, headers, body)
  non200 = 0
  statuses = {}
  samples = {}
end

function request()
  return prepared
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    statuses[status] = (statuses[status] or 0) + 1
    if not samples[status] then samples[status] = body:sub(1, 300) end
  end
end

function done(summary, latency, requests)
  local total, by_status, sample = 0, {}, {}
  for _, thread in ipairs(threads) do
    total = total + (thread:get("non200") or 0)
    for status, count in pairs(thread:get("statuses") or {}) do
      by_status[status] = (by_status[status] or 0) + count
    end
    for status, body in pairs(thread:get("samples") or {}) do
      sample[status] = sample[status] or body
    end
  end

  local seconds = summary.duration / 1e6
  io.write(string.format("requests: %d in %.2fs, %.1f requests/s\n", summary.requests, seconds, summary.requests / seconds))
  io.write(string.format("latency: p50 %.2fms, p99 %.2fms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  local e = summary.errors
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n", e.connect, e.read, e.write, e.timeout))
  io.write(string.format("non-200 responses: %d\n", total))
  io.write(string.format("200 responses/s: %.1f\n", (summary.requests - total) / seconds))
  for status, count in pairs(by_status) do
    io.write(string.format("  status %d: %d, e.g. %s\n", status, count, sample[status] or ""))
  end
end
