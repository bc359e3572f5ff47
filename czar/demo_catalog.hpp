// A database to try qproxy on without data of one's own (`qproxy serve
// --demo`): `demo` with a sky-partitioned Object table, its child Source
// and a replicated Filter table, in Qserv's LSST shape, filled with
// deterministic pseudo-random rows (a fixed seed: the same size gives the
// same rows everywhere).
//
//   Object  objectId BIGINT PRIMARY KEY, ra, decl DOUBLE, uFlux…zFlux DOUBLE
//           (AB fluxes in erg/s/cm²/Hz: scisql_fluxToAbMag gives magnitudes
//           16–25; about 2% of uFlux NULL), flags INT;
//           PARTITION BY SPHERE (ra, decl) KEY (objectId) STRIPES 85 SUBSTRIPES 12 OVERLAP 0.01667
//           (its overlap tables make near-neighbour joins up to 0.01667° exact)
//           Positions are uniform on the sphere over ra 0–90°, decl −45–45°
//           (1,641 chunks).
//   Source  3–5 rows per object: sourceId BIGINT PRIMARY KEY, objectId BIGINT,
//           taiMidPoint DOUBLE (MJD), filterId TINYINT, psfFlux, psfFluxSigma
//           DOUBLE; PARTITION BY DIRECTOR (objectId) REFERENCES demo.Object.
//           One source in 1,000 has no object (objectId NULL: the dummy chunk).
//   Filter  filterId TINYINT PRIMARY KEY, filterName CHAR(3), photClam,
//           photBW FLOAT: u g r i z (replicated).
#pragma once

#include "parser/error.hpp"

#include <cstdint>
#include <string_view>

namespace qproxy::storage {
class catalog;
class chunk_store;
}  // namespace qproxy::storage

namespace qproxy::czar {

inline constexpr std::string_view demo_database = "demo";

// Creates and loads `demo` unless a database of that name exists (then does
// nothing: DROP DATABASE demo to rebuild it). A failure drops what it
// created. Costs about 20 s of CPU per million objects (5 million rows);
// logs each table's load rate.
[[nodiscard]] sql_status create_demo_catalog(storage::catalog& catalog, storage::chunk_store& store,
                                             std::uint64_t object_rows);

}  // namespace qproxy::czar
