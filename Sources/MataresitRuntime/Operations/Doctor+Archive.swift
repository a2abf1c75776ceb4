import Foundation
import MataresitStreams

extension Doctor {
    /// The archive's location answers: a bucket lists (credentials, permissions, endpoint), a folder exists and is
    /// writable or can be created.
    func archiveCheck(_ settings: RuntimeSettings) async -> DoctorCheck {
        let location = settings.archive
        if let folder = location.folder {
            let manager = FileManager.default
            guard manager.fileExists(atPath: folder) else {
                return .init("archive", .pass, "\(location): not created yet (the archive stage creates it)")
            }
            return manager.isWritableFile(atPath: folder)
                ? .init("archive", .pass, "\(location): writable")
                : .init("archive", .fail, "\(location): not writable by this user")
        }
        do {
            let partitions = try await location.storage(environment: environment).partitions()
            return .init("archive", .pass, "\(location): reachable, \(partitions.count) partitions archived")
        } catch {
            return .init("archive", .fail, "\(location): \(error)")
        }
    }
}
