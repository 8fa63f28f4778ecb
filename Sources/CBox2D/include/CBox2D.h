// CBox2D: a plain C interface over Box2D 2.4.1.
//
// Swift imports this header without C++ interop. Everything crossing the boundary is a C type:
// an opaque world pointer, integer ids for bodies and joints (indices in creation order, stable
// for the life of the world, also across cb2_world_rebuild), and plain structs.
//
// Conventions
// - Functions that can fail return int32_t: CB2_OK (0) or a negative CB2_ERROR_* code. They
//   never abort on a bad id; input validation (finite numbers, convex polygons, ...) is the
//   caller's job (EmpowerPhysics does it and throws typed errors), the shim only guards memory.
// - Angles are radians, lengths metres, mass kilograms, time seconds, forces newtons. Inside,
//   Box2D runs in decimetres (see kScale in CBox2D.cpp) so that its fixed collision skin and
//   slop stay small next to centimetre-sized objects; callers never see that unit.
#ifndef CBOX2D_H
#define CBOX2D_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct CB2World CB2World;

enum {
    CB2_OK = 0,
    CB2_ERROR_BAD_BODY = -1,
    CB2_ERROR_BAD_JOINT = -2,
    CB2_ERROR_BAD_ARGUMENT = -3,
    CB2_ERROR_WRONG_JOINT_KIND = -4,
};

typedef enum {
    CB2_BODY_STATIC = 0,
    CB2_BODY_KINEMATIC = 1,
    CB2_BODY_DYNAMIC = 2,
} CB2BodyType;

typedef enum {
    CB2_JOINT_REVOLUTE = 0,
    CB2_JOINT_PRISMATIC = 1,
    CB2_JOINT_FRICTION = 2,
    CB2_JOINT_WELD = 3,
} CB2JointKind;

/// Pose and velocity of a body: the origin of the body frame, its angle, the linear velocity of
/// the centre of mass and the angular velocity.
typedef struct {
    float x, y, angle;
    float vx, vy, angularVelocity;
} CB2BodyState;

typedef struct {
    int32_t type;  // CB2BodyType
    float x, y, angle;
    float vx, vy, angularVelocity;
    float linearDamping, angularDamping, gravityScale;
    bool bullet, fixedRotation;
} CB2BodyDef;

typedef struct {
    float density, friction, restitution;
    uint16_t categoryBits, maskBits;
    int16_t groupIndex;
    bool sensor;
} CB2FixtureDef;

/// Revolute joint; the anchor is in world coordinates at creation time.
typedef struct {
    int32_t bodyA, bodyB;
    float anchorX, anchorY;
    bool enableLimit;
    float lower, upper;
    bool enableMotor;
    float motorSpeed, maxMotorTorque;
    bool collideConnected;
} CB2RevoluteDef;

/// Prismatic joint; anchor and axis in world coordinates at creation time.
typedef struct {
    int32_t bodyA, bodyB;
    float anchorX, anchorY, axisX, axisY;
    bool enableLimit;
    float lower, upper;
    bool enableMotor;
    float motorSpeed, maxMotorForce;
    bool collideConnected;
} CB2PrismaticDef;

/// Friction joint: resists relative motion of bodyB against bodyA up to maxForce / maxTorque.
typedef struct {
    int32_t bodyA, bodyB;
    float anchorX, anchorY;
    float maxForce, maxTorque;
} CB2FrictionDef;

/// Weld joint (stiffness 0 means rigid).
typedef struct {
    int32_t bodyA, bodyB;
    float anchorX, anchorY;
    float stiffness, damping;
} CB2WeldDef;

/// The settings of a joint that can change while simulating (what a snapshot must keep).
/// Fields that do not apply to a joint kind are zero.
typedef struct {
    bool enableLimit;
    float lower, upper;
    bool enableMotor;
    float motorSpeed;
    float maxMotor;  // torque (revolute) or force (prismatic)
    float maxForce, maxTorque;  // friction joints
} CB2JointSettings;

/// Reading of a joint after a step. value: angle (revolute, rad) or translation (prismatic, m);
/// speed: its rate; motorEffort: motor torque or force applied during the last step.
typedef struct {
    float value, speed, motorEffort;
} CB2JointReading;

typedef struct {
    int32_t bodyA, bodyB;
    bool sensor;
} CB2ContactPair;

// MARK: World

CB2World *cb2_world_create(float gravityX, float gravityY, bool allowSleeping);
void cb2_world_destroy(CB2World *world);
/// Number of worlds created and not yet destroyed in this process (for leak tests).
int64_t cb2_live_world_count(void);

/// Advances the world by `substeps` steps of `dt` seconds each. Contact records (begin pairs,
/// maximum normal impulse) are cleared first and cover all substeps of this call. Forces and
/// torques applied before the call act during every substep and are cleared afterwards.
void cb2_world_step(CB2World *world, float dt, int32_t velocityIterations, int32_t positionIterations, int32_t substeps);
void cb2_world_set_gravity(CB2World *world, float x, float y);

int32_t cb2_world_body_count(const CB2World *world);
int32_t cb2_world_joint_count(const CB2World *world);

/// Fills `out[0..<count]` with the states of bodies `0..<count` (count = min(capacity, bodies)).
/// Returns the number written.
int32_t cb2_world_read_all_states(const CB2World *world, CB2BodyState *out, int32_t capacity);
/// Fills `out[i]` with the state of body `ids[i]`. Returns CB2_OK or CB2_ERROR_BAD_BODY.
int32_t cb2_world_read_states(const CB2World *world, const int32_t *ids, int32_t count, CB2BodyState *out);

/// Destroys and recreates the native world from the recorded definitions (bodies, fixtures and
/// joints in creation order, current joint settings), placing body i at `states[i]`
/// (`count` must equal the body count). All solver caches (contact warm-starting impulses,
/// joint impulses, broad-phase tree) start fresh, so two rebuilds from the same states and
/// settings continue bit-identically. Ids stay valid.
int32_t cb2_world_rebuild(CB2World *world, const CB2BodyState *states, int32_t count);

// MARK: Bodies and fixtures

/// Returns the new body id (>= 0).
int32_t cb2_body_create(CB2World *world, const CB2BodyDef *def);
int32_t cb2_body_add_circle(CB2World *world, int32_t body, float centerX, float centerY, float radius, const CB2FixtureDef *def);
int32_t cb2_body_add_box(CB2World *world, int32_t body, float halfWidth, float halfHeight, float centerX, float centerY, float angle, const CB2FixtureDef *def);
/// Convex polygon, 3 to 8 vertices as x0, y0, x1, y1, ...
int32_t cb2_body_add_polygon(CB2World *world, int32_t body, const float *xy, int32_t count, const CB2FixtureDef *def);
/// Two-sided edge segment.
int32_t cb2_body_add_edge(CB2World *world, int32_t body, float x1, float y1, float x2, float y2, const CB2FixtureDef *def);
/// Chain of at least 2 (open) or 3 (loop) vertices.
int32_t cb2_body_add_chain(CB2World *world, int32_t body, const float *xy, int32_t count, bool loop, const CB2FixtureDef *def);

int32_t cb2_body_get_state(const CB2World *world, int32_t body, CB2BodyState *out);
int32_t cb2_body_set_transform(CB2World *world, int32_t body, float x, float y, float angle);
int32_t cb2_body_set_velocity(CB2World *world, int32_t body, float vx, float vy, float angularVelocity);
int32_t cb2_body_apply_force(CB2World *world, int32_t body, float fx, float fy, float px, float py);
int32_t cb2_body_apply_force_to_center(CB2World *world, int32_t body, float fx, float fy);
int32_t cb2_body_apply_torque(CB2World *world, int32_t body, float torque);
int32_t cb2_body_apply_linear_impulse_to_center(CB2World *world, int32_t body, float ix, float iy);
int32_t cb2_body_apply_angular_impulse(CB2World *world, int32_t body, float impulse);
int32_t cb2_body_set_damping(CB2World *world, int32_t body, float linear, float angular);
/// Mass in kg (0 for static bodies), or a negative error code.
float cb2_body_mass(const CB2World *world, int32_t body);
/// Largest normal impulse (N*s) of any contact touching this body during the last step call.
float cb2_body_max_contact_impulse(const CB2World *world, int32_t body);

// MARK: Joints (each returns the new joint id >= 0 or an error code)

int32_t cb2_joint_create_revolute(CB2World *world, const CB2RevoluteDef *def);
int32_t cb2_joint_create_prismatic(CB2World *world, const CB2PrismaticDef *def);
int32_t cb2_joint_create_friction(CB2World *world, const CB2FrictionDef *def);
int32_t cb2_joint_create_weld(CB2World *world, const CB2WeldDef *def);

int32_t cb2_joint_kind(const CB2World *world, int32_t joint);
int32_t cb2_joint_get_settings(const CB2World *world, int32_t joint, CB2JointSettings *out);
/// Applies all fields relevant to the joint's kind (to the live joint and to its record).
int32_t cb2_joint_set_settings(CB2World *world, int32_t joint, const CB2JointSettings *settings);
int32_t cb2_joint_set_motor_speed(CB2World *world, int32_t joint, float speed);
int32_t cb2_joint_read(const CB2World *world, int32_t joint, CB2JointReading *out);

// MARK: Contacts

/// Largest normal impulse of any contact point during the last step call (0 when none).
float cb2_world_max_contact_impulse(const CB2World *world);
/// Number of begin-contact events recorded during the last step call.
int32_t cb2_world_begin_contact_count(const CB2World *world);
/// Copies up to `capacity` begin-contact events; returns the number copied.
int32_t cb2_world_read_begin_contacts(const CB2World *world, CB2ContactPair *out, int32_t capacity);
/// Whether some non-sensor fixture of `a` currently touches one of `b` (1), not (0), or an error.
int32_t cb2_bodies_touching(const CB2World *world, int32_t a, int32_t b);
/// Bodies with a fixture whose bounding box overlaps the rectangle; each body once, at most
/// `capacity` written; returns the number found (which may exceed capacity).
int32_t cb2_world_query_aabb(const CB2World *world, float minX, float minY, float maxX, float maxY, int32_t *out, int32_t capacity);

#ifdef __cplusplus
}
#endif

#endif
