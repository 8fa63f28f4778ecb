// The `empower` executable: every command lives in EmpowerCommandLine; this file only hands
// the command line over and exits with the status the command returned.
import EmpowerCommandLine

EmpowerProgram.main()
