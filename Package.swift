// swift-tools-version:6.0
// The policyc package: a policy language for API gateways, its compiler and
// its evaluator. The targets follow the pipeline: source files and
// diagnostics, YAML reading, value types, condition expressions, then the
// policy front end, decision tree and evaluator, and the command line.
import PackageDescription

let package = Package(
    name: "policyc",
    products: [
        .library(name: "PolicyKit", targets: ["PolicyKit"]),
        .executable(name: "policyc", targets: ["PolicyCLI"]),
        .executable(name: "policyc-bench", targets: ["PolicyBench"]),
        .executable(name: "policyc-embedding-example", targets: ["EmbeddingExample"]),
    ],
    targets: [
        // C libraries from Debian packages: libyaml-dev and libssl-dev.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        .target(name: "PolicySource"),
        .target(name: "PolicyYAML", dependencies: ["PolicySource", "CYAML"]),
        .target(name: "PolicyOutput", dependencies: ["PolicySource"]),
        .target(name: "PolicyValues", dependencies: ["PolicySource"]),
        .target(name: "PolicyExpr", dependencies: ["PolicySource", "PolicyValues"]),
        .target(
            name: "PolicyKit",
            dependencies: ["PolicySource", "PolicyYAML", "PolicyValues", "PolicyExpr", "CCrypto"]),
        .executableTarget(name: "PolicyCLI", dependencies: ["PolicyKit", "PolicySource", "PolicyValues", "PolicyOutput"]),
        // Counts heap allocations in the benchmark by replacing malloc; linked
        // only into policyc-bench, never into the library or the command line.
        .target(name: "CAllocationCounter"),
        .executableTarget(
            name: "PolicyBench",
            dependencies: ["PolicyKit", "PolicySource", "PolicyValues", "CCrypto", "CAllocationCounter"]),
        // The example in docs/embedding.md; EmbeddingDocTests checks that the two match.
        .executableTarget(name: "EmbeddingExample", dependencies: ["PolicyKit", "PolicySource", "PolicyValues"]),

        .testTarget(name: "PolicySourceTests", dependencies: ["PolicySource"]),
        .testTarget(name: "PolicyYAMLTests", dependencies: ["PolicyYAML"]),
        .testTarget(
            name: "PolicyOutputTests", dependencies: ["PolicyOutput"],
            exclude: ["validate_sarif.py", "sample.sarif"]),
        .testTarget(name: "PolicyValuesTests", dependencies: ["PolicyValues"]),
        .testTarget(name: "PolicyExprTests", dependencies: ["PolicyExpr"]),
        // The conformance corpus format, shared by the library and command-line test suites.
        .target(name: "ConformanceSupport", dependencies: ["PolicyKit", "PolicySource"], path: "Tests/ConformanceSupport"),
        .testTarget(
            name: "PolicyKitTests", dependencies: ["PolicyKit", "PolicySource", "PolicyValues", "ConformanceSupport"], exclude: ["Golden"],
            resources: [.copy("Conformance")]),
        .testTarget(name: "PolicyCLITests", dependencies: ["PolicyKit", "ConformanceSupport"]),
    ]
)
