// The synthetic policy of the benchmark, written as policy YAML so the whole
// front end (libyaml, syntax, resolution, checks, lowering) runs on it. The
// policy has 20 scopes, 8 models from 4 providers, one route of each
// strategy plus a constrained one, 6 tiers with quotas, 8 teams, 12 rules
// with conditions, and any number of keys, 10,000 to a file by default.
//
// Every decision about a key (tier, team, status, expiry, own networks) is
// a pure function of its index, `KeyPlan(index:)`, so the request builder
// can pick keys that lead to a given outcome without reading the policy.

import CCrypto
import Foundation

/// The size and shape of a generated policy.
struct PolicyShape {
    var keyCount: Int
    var keysPerFile = 10_000
    /// CIDR blocks in the `networks.allow` of each key that has its own networks.
    var cidrsPerKey = 2
}

/// The tiers of the generated policy; a key extends exactly one.
enum BenchTier: String, CaseIterable {
    case developer, production, partner, admin, research
}

/// The teams of the generated policy.
let benchTeams = ["platform", "billing", "research", "support", "growth", "search", "mobile", "data"]

/// The instant every benchmark request arrives at: Wednesday 2026-06-17,
/// 12:30 in Berlin, inside the partner tier's office hours.
let benchRequestTime = "2026-06-17T10:30:00Z"

/// 04:00 in Berlin on the same day, when the night rule closes file writes.
let benchNightTime = "2026-06-17T02:00:00Z"

/// The generated settings of one key.
struct KeyPlan {
    enum Status: String { case active, disabled, revoked }

    let index: Int
    let tier: BenchTier
    let team: Int
    let status: Status
    /// The key's `expires_at` lies before `benchRequestTime`.
    let isExpired: Bool
    let isContractor: Bool
    /// The key lists its own `networks.allow` instead of the base tier's.
    let hasOwnNetworks: Bool

    /// Derives the plan of key `index` from a hash of the index, so neighbouring keys differ.
    init(index: Int, cidrsPerKey: Int) {
        let hash = SplitMix64.hash(UInt64(index))
        self.index = index
        let tiers: [BenchTier] = [.developer, .developer, .developer, .developer, .production, .production, .production,
                                  .partner, .admin, .research]
        tier = tiers[Int(hash % 10)]
        team = Int((hash >> 8) % UInt64(benchTeams.count))
        let statusDraw = (hash >> 16) % 100
        if statusDraw < 2 {
            status = .disabled
        } else if statusDraw == 2 {
            status = .revoked
        } else {
            status = .active
        }
        isExpired = (hash >> 24) % 100 < 5
        isContractor = (hash >> 32) % 20 == 0
        hasOwnNetworks = cidrsPerKey > 0 && (tier == .partner || (hash >> 40) % 2 == 0)
    }

    var id: String { Self.id(index) }
    var secret: String { "bench-secret-\(index)" }
    var teamName: String { benchTeams[team] }
    /// Active, not expired and not on the compromised list: the key passes the key checks.
    var isUsable: Bool { status == .active && !isExpired && !PolicyGenerator.compromisedKeys.contains(index) }

    static func id(_ index: Int) -> String {
        let digits = String(index)
        return "key-" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }

    /// An address the key's networks admit.
    var peerAddress: String {
        guard hasOwnNetworks else { return "10.1.2.3" }
        let block = PolicyGenerator.ipv4Block(key: index, ordinal: 0)
        return "10.\(block >> 16 & 0xFF).\(block >> 8 & 0xFF).\((block & 0xFF) + 5)"
    }
}

/// A small deterministic pseudo-random generator (SplitMix64).
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.hash(state)
    }

    /// A number in 0..<bound.
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }

    static func hash(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Writes the synthetic policy.
enum PolicyGenerator {
    /// Key indexes named by the `compromised-keys` deny rule; indexes at or
    /// above the key count are left out of the rule.
    static let compromisedKeys: Set<Int> = [3, 333, 777]

    /// Writes the policy into `directory` (created if missing): fixed
    /// sections in their own files and keys in `keys/keys-NNNN.yaml`.
    static func write(_ shape: PolicyShape, to directory: String) throws {
        let manager = FileManager.default
        try? manager.removeItem(atPath: directory)
        try manager.createDirectory(atPath: directory + "/keys", withIntermediateDirectories: true)
        for (name, text) in fixedFiles(keyCount: shape.keyCount) {
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        var start = 0
        var fileNumber = 0
        while start < shape.keyCount {
            let end = min(shape.keyCount, start + shape.keysPerFile)
            let text = keysFile(start..<end, cidrsPerKey: shape.cidrsPerKey)
            let name = String(format: "keys/keys-%04d.yaml", fileNumber)
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
            start = end
            fileNumber += 1
        }
    }

    // MARK: - Keys

    static func keysFile(_ indexes: Range<Int>, cidrsPerKey: Int) -> String {
        var text = "# Generated by policyc-bench: keys \(indexes.lowerBound) to \(indexes.upperBound - 1).\nkeys:\n"
        text.reserveCapacity(indexes.count * 520)
        for index in indexes {
            appendKey(KeyPlan(index: index, cidrsPerKey: cidrsPerKey), cidrsPerKey: cidrsPerKey, to: &text)
        }
        return text
    }

    private static func appendKey(_ key: KeyPlan, cidrsPerKey: Int, to text: inout String) {
        let day = 1 + key.index % 28
        let month = 1 + key.index % 3
        let created = "2026-0\(month)-\(day < 10 ? "0" : "")\(day)T09:00:00Z"
        let expires = key.isExpired ? "2026-05-\(day < 10 ? "0" : "")\(day)T09:00:00Z" : "2027-0\(month)-\(day < 10 ? "0" : "")\(day)T09:00:00Z"
        let domain = key.isContractor ? "contractors.bench.example" : "\(key.teamName).bench.example"
        text += """
              \(key.id):
                secret_sha256: \(sha256Hex(key.secret))
                owner: svc-\(key.index)@\(domain)
                team: \(key.teamName)
                extends: \(key.tier.rawValue)
                labels: {app: app-\(key.index % 97), cost_center: cc-\(100 + key.team)}
                created_at: \(created)
                expires_at: \(expires)

            """
        switch key.status {
        case .active: break
        case .disabled: text += "    status: disabled\n"
        case .revoked: text += "    status: revoked\n    revoked_reason: leaked in a build log\n"
        }
        if key.hasOwnNetworks {
            text += "    networks:\n      allow:\n"
            for ordinal in 0..<cidrsPerKey { text += "        - \(cidr(key: key.index, ordinal: ordinal))\n" }
        }
    }

    /// Returns the `ordinal`th allowed block of a key: IPv4 /28 for even ordinals, IPv6 for odd ones.
    static func cidr(key: Int, ordinal: Int) -> String {
        if ordinal % 2 == 0 {
            let block = ipv4Block(key: key, ordinal: ordinal)
            return "10.\(block >> 16 & 0xFF).\(block >> 8 & 0xFF).\(block & 0xFF)/28"
        }
        let word = String(key & 0xFFFF, radix: 16)
        let high = String((key >> 16) & 0xFFFF, radix: 16)
        guard ordinal > 1 else { return "fd00:4e57:\(high):\(word)::/64" }
        return "fd00:4e57:\(high):\(word):\(ordinal)::/80"
    }

    /// Returns the low 24 bits of an IPv4 /28 in 10.0.0.0/8, distinct per key for up to 2^20 blocks.
    static func ipv4Block(key: Int, ordinal: Int) -> Int {
        ((key &* 3 &+ ordinal / 2) & 0xF_FFFF) << 4
    }

    static func sha256Hex(_ text: String) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        let bytes = Array(text.utf8)
        ccrypto_sha256(bytes, bytes.count, &digest)
        let hexDigits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0xF)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    // MARK: - Fixed sections

    static func fixedFiles(keyCount: Int) -> [(String, String)] {
        [("settings.yaml", settings), ("scopes.yaml", scopes), ("models.yaml", models), ("routes.yaml", routes),
         ("tiers.yaml", tiers), ("teams.yaml", teams), ("rules.yaml", rules(keyCount: keyCount))]
    }

    static let settings = """
        version: 1
        settings:
          name: bench-gateway
          timezone: Europe/Berlin
          trusted_proxies: [10.20.0.0/16, fd00:4e57:20::/48]
          max_key_age: 730d
          networks:
            deny: [198.51.100.0/24, 192.0.2.128/25, 2001:db8:bad::/48]

        """

    static let scopes = """
        scopes:
          - chat:completions
          - chat:completions:stream
          - embeddings:create
          - images:generate
          - moderation:check
          - files:read
          - files:write
          - batches:create
          - batches:read
          - batches:cancel
          - audio:transcribe
          - audio:speech
          - assistants:read
          - assistants:write
          - fine_tuning:create
          - fine_tuning:read
          - admin:keys:read
          - admin:keys:write
          - admin:usage:read
          - admin:audit:read

        """

    static let models = """
        models:
          gpt-4o:
            provider: openai
            price: {input: 2.50, output: 10.00}
            context_window: 128000
            max_output_tokens: 16384
            latency: 800ms
            capabilities: [chat, tools, vision, json_mode]
            region: us
          gpt-4o-mini:
            provider: openai
            price: {input: 0.15, output: 0.60}
            context_window: 128000
            max_output_tokens: 16384
            latency: 450ms
            capabilities: [chat, tools, vision, json_mode]
            region: us
          claude-sonnet-4:
            provider: anthropic
            price: {input: 3.00, output: 15.00}
            context_window: 200000
            max_output_tokens: 64000
            latency: 1200ms
            capabilities: [chat, tools, vision, reasoning]
            region: us
          claude-3-5-haiku:
            provider: anthropic
            price: {input: 0.80, output: 4.00}
            context_window: 200000
            max_output_tokens: 8192
            latency: 600ms
            capabilities: [chat, tools]
            region: us
          gemini-2.5-pro:
            provider: google
            price: {input: 1.25, output: 10.00}
            context_window: 1048576
            max_output_tokens: 65536
            latency: 1500ms
            capabilities: [chat, tools, vision, reasoning]
            region: eu
          gemini-2.5-flash:
            provider: google
            price: {input: 0.30, output: 2.50}
            context_window: 1048576
            max_output_tokens: 65536
            latency: 400ms
            capabilities: [chat, tools, vision]
            region: eu
          mistral-large:
            provider: mistral
            price: {input: 2.00, output: 6.00}
            context_window: 128000
            latency: 700ms
            capabilities: [chat, tools, json_mode]
            region: eu
          mistral-small:
            provider: mistral
            price: {input: 0.10, output: 0.30}
            context_window: 32000
            latency: 300ms
            capabilities: [chat, tools, json_mode]
            region: eu

        """

    static let routes = """
        routes:
          chat-default:
            strategy: cheapest
            candidates: [gpt-4o-mini, claude-3-5-haiku, gemini-2.5-flash, mistral-small]
            fallback:
              on: [error, timeout, rate_limited]
              max_attempts: 3
              route: chat-eu
            constraints:
              max_price: {input: 1.00, output: 4.00}
              capabilities: [tools]
          chat-large:
            strategy: ordered
            candidates: [claude-sonnet-4, gpt-4o, gemini-2.5-pro, mistral-large]
            fallback:
              max_attempts: 4
              route: chat-default
            constraints:
              capabilities: [chat, tools]
          chat-eu:
            strategy: fastest
            candidates: [mistral-small, gemini-2.5-flash, mistral-large, gemini-2.5-pro]
            constraints:
              regions: [eu]
          chat-ab:
            strategy: weighted
            candidates:
              - {model: claude-sonnet-4, weight: 3}
              - {model: gpt-4o, weight: 1}
              - {model: gemini-2.5-pro, weight: 1}

        """

    static let tiers = """
        tiers:
          base:
            scopes: [chat:completions]
            routes: [chat-default, chat-eu]
            max_output_tokens: 1024
            networks:
              allow: [10.0.0.0/8, fd00:4e57::/32]
            labels:
              managed_by: platform
          developer:
            extends: base
            scopes: ["chat:*", embeddings:create, "files:*", "batches:*"]
            routes: [chat-default, chat-eu, chat-ab]
            max_output_tokens: 4096
            quotas:
              - {requests: 600, per: minute, window: rolling}
              - {spend: 50.00, per: day, window: calendar}
          production:
            extends: base
            scopes: ["chat:*", embeddings:create, moderation:check, "batches:*", files:read]
            routes: [chat-default, chat-large, chat-eu]
            max_output_tokens: 8192
            max_age: 365d
            labels:
              env: prod
            quotas:
              - {requests: 1200, per: minute, window: rolling}
              - {id: prod-monthly-spend, spend: 3000, per: month, window: calendar}
          partner:
            extends: base
            max_output_tokens: 2048
            access:
              - {days: [mon, tue, wed, thu, fri], from: 08:00, to: 19:00}
            quotas:
              - {requests: 120, per: minute, window: rolling}
          admin:
            extends: base
            scopes: [chat:completions, "admin:**"]
            quotas:
              - {requests: 60, per: minute, window: calendar}
          research:
            extends: developer
            allow_all_models: true
            quotas:
              - {input_tokens: 50000000, per: day, window: rolling}

        """

    static var teams: String {
        var text = "teams:\n"
        for (index, name) in benchTeams.enumerated() {
            text += """
                  \(name):
                    description: The \(name) team.
                    labels: {cost_center: cc-\(100 + index)}
                    quotas:
                      - {spend: \(1000 + 500 * index), per: day, window: calendar}

                """
        }
        return text
    }

    static func rules(keyCount: Int) -> String {
        let compromised = compromisedKeys.sorted().filter { $0 < keyCount }.map(KeyPlan.id)
        let compromisedRule = compromised.isEmpty ? "" : """
              - id: compromised-keys
                effect: deny
                match:
                  keys: [\(compromised.joined(separator: ", "))]
                reason: these keys were found in a public repository and await rotation

            """
        return """
            rules:
              - id: no-night-file-writes
                effect: deny
                match:
                  scopes: [files:write]
                when: local_hour(request.time, "Europe/Berlin") < 6
                reason: file uploads are closed between 00:00 and 06:00 Berlin time while backups run
              - id: support-data-stays-in-eu
                effect: deny
                match:
                  teams: [support]
                when: model.region != "eu"
                reason: support prompts contain customer data and may go only to EU-hosted models
              - id: contractors-no-vision
                effect: deny
                when: ends_with(lower(key.owner), "@contractors.bench.example") && "vision" in model.capabilities
                reason: contractor keys may not use models that accept images
              - id: no-debug-in-production
                effect: deny
                match:
                  tiers: [production]
                when: request.labels["debug"] != ""
                reason: production keys may not send debug requests
              - id: weekend-large-prompts
                effect: deny
                match:
                  tiers: [developer]
                when: >-
                  weekday(request.time, "Europe/Berlin") in ["sat", "sun"]
                  && request.input_tokens > 100000
                reason: prompts over 100000 tokens are blocked at weekends
              - id: expensive-requests
                effect: deny
                when: request.estimated_cost > 2
                reason: requests estimated above 2 USD are blocked
              - id: guest-network-no-files
                effect: deny
                match:
                  scopes: ["files:*"]
                when: request.client_ip in cidr("10.99.0.0/16")
                reason: the guest network may not read or write files
              - id: key-admin-from-ops-network
                effect: deny
                match:
                  scopes: [admin:keys:write]
                when: '!(request.client_ip in cidr("10.20.0.0/16"))'
                reason: keys may be changed only from the operations network
              - id: partner-large-prompts
                effect: deny
                match:
                  tiers: [partner]
                  models: [gpt-4o, claude-sonnet-4]
                when: request.input_tokens > 50000
                reason: partners send large prompts to the smaller models only
            \(compromisedRule)  - id: support-moderation
                effect: allow
                match:
                  teams: [support]
                  scopes: [moderation:check]
                reason: support tools check user messages before they reach a chat model
                obligations:
                  max_output_tokens: 64
              - id: partner-evenings-cheap
                effect: allow
                match:
                  tiers: [partner]
                  scopes: ["chat:*"]
                when: local_time(request.time, "Europe/Berlin") >= time("17:00")
                reason: after 17:00 Berlin time partner keys use the cheapest route
                obligations:
                  route: chat-default
                  max_output_tokens: 512

            """
    }
}
