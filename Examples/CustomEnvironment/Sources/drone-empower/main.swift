// drone-empower: Empower's whole command line, with Drone2D-v0 added to the catalog.
//
//     swift build -c release
//     .build/release/drone-empower envs check Drone2D-v0
//     .build/release/drone-empower train --env Drone2D-v0 --skills 6 --steps 6000 --run-dir runs/drone
//     .build/release/drone-empower evaluate runs/drone
//
// Every command (train, resume, evaluate, compare, sweep, envs, render, ...) works on Drone2D-v0
// as on a built-in environment, and on the runs it trains.

import DroneEnvironment
import EmpowerCommandLine

EmpowerProgram.main { catalog in try Drone.register(in: &catalog) }
