// The umbrella module: `import Empower` brings in every Empower module.
@_exported import EmpowerAgents
@_exported import EmpowerBase
@_exported import EmpowerClassic
@_exported import EmpowerCore
@_exported import EmpowerCritics
@_exported import EmpowerEnvironments
@_exported import EmpowerManipulation
@_exported import EmpowerMultiAgent
@_exported import EmpowerNN
@_exported import EmpowerNavigation
@_exported import EmpowerPlanning
@_exported import EmpowerSkills
@_exported import EmpowerTraining
