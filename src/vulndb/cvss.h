// CVSS v3.x base score, so OSV records that give only a vector still get a qualitative severity.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace drydock {

// The base score (0.0-10.0) of a "CVSS:3.0/..." or "CVSS:3.1/..." vector, per the FIRST v3.1
// specification section 7. nullopt when the vector is not v3, misses a base metric, repeats one or has a
// value the spec does not define. Temporal and environmental metrics are accepted and ignored.
std::optional<double> CvssV3BaseScore(std::string_view vector);

// The spec's qualitative rating of a base score: "CRITICAL", "HIGH", "MEDIUM", "LOW", or "NONE" for 0.0.
std::string CvssRating(double score);

// Normalises a severity word a feed writes ("Moderate", "important", "CRITICAL") to the DB's words:
// "CRITICAL", "HIGH", "MEDIUM", "LOW"; anything else is "UNKNOWN".
std::string NormalizeSeverityWord(std::string_view word);

}  // namespace drydock
