import Crypto

/// A subject's data key (AES-256), named so that modules and tests need not import swift-crypto to hold one.
public typealias DataKey = SymmetricKey
