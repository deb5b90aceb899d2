-- wrk script: POSTs /api/v1/requests, varying the firm on every request, and counts the 201s.
-- CODES (environment): space-separated valid unified social credit codes to cycle through.
local codes = {}
for code in string.gmatch(os.getenv("CODES") or "91512081MA62K0260E", "%S+") do
  table.insert(codes, code)
end
local services = {"JZ-TEA-001", "HS-TEA-001", "LA-JL-001", "HQ-CRA-001", "YJ-FUR-001", "KF-JC-001", "SC-ELE-001", "JA-DWN-001"}
local regions = {"341524", "341525", "341500", "341522", "341504", "341500-etdz", "341523", "341502"}
local threads = {}
local counter = 0
created = 0
others = 0

function setup(thread)
  table.insert(threads, thread)
end

request = function()
  counter = counter + 1
  local i = (counter % #services) + 1
  local body = string.format(
    '{"enterprise": {"name": "压测企业 %d", "uscc": "%s", "region": "%s", "industry": "茶叶", "contact_name": "联系人", "phone": "1380000%04d"}, "service_code": "%s", "description": "压测提交 %d", "mode": "station"}',
    counter, codes[(counter % #codes) + 1], regions[i], counter % 10000, services[i], counter)
  return wrk.format("POST", "/api/v1/requests", {["Content-Type"] = "application/json"}, body)
end

response = function(status, headers, body)
  if status == 201 then created = created + 1 else others = others + 1 end
end

function done(summary, latency, requests)
  local total_created, total_others = 0, 0
  for _, thread in ipairs(threads) do
    total_created = total_created + thread:get("created")
    total_others = total_others + thread:get("others")
  end
  io.write(string.format("created: %d\nother: %d\n", total_created, total_others))
end
