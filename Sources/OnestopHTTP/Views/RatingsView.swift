import OnestopDomain

/// The levels a firm gave: each indicator it rated, as its code and its name.
struct RatingsView: Encodable {
    struct Level: Encodable {
        var level: SatisfactionLevel
        var name: String

        init(_ level: SatisfactionLevel) {
            self.level = level
            name = level.nameZh
        }
    }

    var overall: Level
    var efficiency: Level?
    var proficiency: Level?
    var attitude: Level?

    init(_ ratings: Evaluation.Ratings) {
        overall = Level(ratings.overall)
        efficiency = ratings.efficiency.map(Level.init)
        proficiency = ratings.proficiency.map(Level.init)
        attitude = ratings.attitude.map(Level.init)
    }
}
