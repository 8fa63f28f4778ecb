// The umbrella module: `import Empower` brings in every Empower module.
@_exported import EmpowerBase
@_exported import EmpowerNN
