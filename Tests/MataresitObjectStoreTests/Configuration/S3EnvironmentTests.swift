import MataresitObjectStore
import Testing

@Suite struct S3EnvironmentTests {
    static let keys = ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret"]

    func configuration(_ extra: [String: String]) throws -> S3Configuration {
        try S3Configuration.fromEnvironment(Self.keys.merging(extra) { $1 })
    }

    @Test func defaults() throws {
        let configuration = try configuration([:])
        #expect(configuration.credentials == AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"))
        #expect(configuration.region == "us-east-1")
        #expect(configuration.endpoint == nil)
        #expect(configuration.forcePathStyle == false)
        #expect(configuration.retry.maxAttempts == 5)
    }

    @Test func missingCredentialsNameTheVariables() {
        let error = #expect(throws: S3ConfigurationError.self) {
            try S3Configuration.fromEnvironment(["AWS_SECRET_ACCESS_KEY": "", "AWS_REGION": "eu-west-1"])
        }
        #expect(error == .missingCredentials(missing: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]))
        #expect(error?.description.contains("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY") == true)
    }

    @Test func sessionTokenAndRegion() throws {
        let configuration = try configuration(["AWS_SESSION_TOKEN": "tok", "AWS_DEFAULT_REGION": "eu-central-1"])
        #expect(configuration.credentials.sessionToken == "tok")
        #expect(configuration.region == "eu-central-1")
        #expect(try self.configuration(["AWS_REGION": "ap-south-1", "AWS_DEFAULT_REGION": "x"]).region == "ap-south-1")
    }

    @Test func customEndpointTurnsOnPathStyle() throws {
        let configuration = try configuration(["AWS_ENDPOINT_URL": "http://127.0.0.1:9200"])
        #expect(configuration.endpoint == (try S3Endpoint(url: "http://127.0.0.1:9200")))
        #expect(configuration.forcePathStyle == true)
    }

    @Test func pathStyleCanBeSetEitherWay() throws {
        #expect(
            try configuration(["AWS_ENDPOINT_URL": "https://s3.example.com", "AWS_S3_FORCE_PATH_STYLE": "false"])
                .forcePathStyle == false)
        #expect(try configuration(["AWS_S3_FORCE_PATH_STYLE": "true"]).forcePathStyle == true)
        #expect(
            try configuration(["AWS_ENDPOINT_URL_S3": "https://s3.example.com", "AWS_ENDPOINT_URL": "http://x"])
                .endpoint?.host == "s3.example.com")
    }

    @Test(arguments: [
        ("AWS_ENDPOINT_URL", "ftp://host"), ("AWS_ENDPOINT_URL", "http://"), ("AWS_ENDPOINT_URL", "http://h/path"),
        ("AWS_S3_FORCE_PATH_STYLE", "maybe"), ("AWS_REGION", "EU West"), ("AWS_MAX_ATTEMPTS", "0")
    ])
    func rejectsBadSettings(name: String, value: String) {
        #expect(throws: S3ConfigurationError.self) { try configuration([name: value]) }
    }

    @Test func maxAttempts() throws {
        #expect(try configuration(["AWS_MAX_ATTEMPTS": "3"]).retry.maxAttempts == 3)
    }
}
