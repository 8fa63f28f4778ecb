// The C++ side of CBox2D. A CB2World owns a b2World plus a record of everything created in it
// (body, fixture and joint definitions in creation order) so the native world can be rebuilt
// from scratch with identical structure: that is how snapshots restore exactly.
#include "CBox2D.h"

#include <box2d/box2d.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <vector>

namespace {

std::atomic<int64_t> liveWorlds{0};

// Box2D is tuned for moving objects of 0.1 to 10 of its length units: its collision skin
// (b2_polygonRadius, 1 cm) and slop (5 mm) would be visible around the 6 cm blocks and 4 cm
// arm links of our scenes. So the shim works in decimetres internally: one Box2D unit is
// kScale^-1 m. Every length crossing the C interface is in metres and converted here:
// length * k, velocity * k, force and linear impulse * k (mass is unchanged, so density per
// Box2D unit area is / k^2), torque and angular impulse * k^2; angles and times unchanged.
constexpr float kScale = 10.0f;
constexpr float kInvScale = 1.0f / kScale;
constexpr float kScale2 = kScale * kScale;
constexpr float kInvScale2 = 1.0f / kScale2;

b2Vec2 toBox(float x, float y) { return b2Vec2(x * kScale, y * kScale); }

enum FixtureKind { kCircle, kPolygon, kEdge, kChain };

struct FixtureRecord {
    int32_t body = 0;
    FixtureKind kind = kCircle;
    b2FixtureDef def;
    b2CircleShape circle;
    b2PolygonShape polygon;
    b2EdgeShape edge;
    std::vector<b2Vec2> chain;
    bool loop = false;
};

struct JointRecord {
    CB2JointKind kind = CB2_JOINT_REVOLUTE;
    int32_t bodyA = 0, bodyB = 0;
    b2RevoluteJointDef revolute;
    b2PrismaticJointDef prismatic;
    b2FrictionJointDef friction;
    b2WeldJointDef weld;
};

b2FixtureDef makeFixtureDef(const CB2FixtureDef &d) {
    b2FixtureDef def;
    def.density = d.density * kInvScale2;
    def.friction = d.friction;
    def.restitution = d.restitution;
    def.filter.categoryBits = d.categoryBits;
    def.filter.maskBits = d.maskBits;
    def.filter.groupIndex = d.groupIndex;
    def.isSensor = d.sensor;
    return def;
}

int32_t bodyId(b2Body *body) {
    return static_cast<int32_t>(body->GetUserData().pointer) - 1;
}

}  // namespace

struct CB2World;

namespace {

class ContactRecorder : public b2ContactListener {
public:
    explicit ContactRecorder(CB2World *owner) : owner(owner) {}
    void BeginContact(b2Contact *contact) override;
    void PostSolve(b2Contact *contact, const b2ContactImpulse *impulse) override;

private:
    CB2World *owner;
};

class AABBCollector : public b2QueryCallback {
public:
    std::vector<int32_t> ids;
    bool ReportFixture(b2Fixture *fixture) override {
        int32_t id = bodyId(fixture->GetBody());
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
        return true;
    }
};

}  // namespace

struct CB2World {
    std::unique_ptr<b2World> world;
    ContactRecorder recorder;
    b2Vec2 gravity;
    bool allowSleeping;
    float invDt = 0.0f;

    std::vector<b2BodyDef> bodyDefs;
    std::vector<b2Body *> bodies;
    std::vector<FixtureRecord> fixtures;
    std::vector<JointRecord> jointRecords;
    std::vector<b2Joint *> joints;

    std::vector<CB2ContactPair> beginContacts;
    std::vector<float> bodyMaxImpulse;
    float maxImpulse = 0.0f;

    CB2World(b2Vec2 gravity, bool allowSleeping)
        : recorder(this), gravity(gravity), allowSleeping(allowSleeping) {
        makeNativeWorld();
    }

    void makeNativeWorld() {
        world = std::make_unique<b2World>(gravity);
        world->SetAllowSleeping(allowSleeping);
        world->SetContactListener(&recorder);
        world->SetAutoClearForces(false);
    }

    bool validBody(int32_t id) const { return id >= 0 && id < static_cast<int32_t>(bodies.size()); }
    bool validJoint(int32_t id) const { return id >= 0 && id < static_cast<int32_t>(joints.size()); }

    void createFixture(FixtureRecord &record) {
        b2FixtureDef def = record.def;
        b2ChainShape chain;
        switch (record.kind) {
        case kCircle: def.shape = &record.circle; break;
        case kPolygon: def.shape = &record.polygon; break;
        case kEdge: def.shape = &record.edge; break;
        case kChain:
            if (record.loop) {
                chain.CreateLoop(record.chain.data(), static_cast<int32>(record.chain.size()));
            } else {
                size_t n = record.chain.size();
                b2Vec2 prev = record.chain[0] + (record.chain[0] - record.chain[1]);
                b2Vec2 next = record.chain[n - 1] + (record.chain[n - 1] - record.chain[n - 2]);
                chain.CreateChain(record.chain.data(), static_cast<int32>(n), prev, next);
            }
            def.shape = &chain;
            break;
        }
        bodies[record.body]->CreateFixture(&def);
    }

    b2Joint *createJoint(JointRecord &record) {
        b2Body *a = bodies[record.bodyA];
        b2Body *b = bodies[record.bodyB];
        switch (record.kind) {
        case CB2_JOINT_REVOLUTE: record.revolute.bodyA = a; record.revolute.bodyB = b; return world->CreateJoint(&record.revolute);
        case CB2_JOINT_PRISMATIC: record.prismatic.bodyA = a; record.prismatic.bodyB = b; return world->CreateJoint(&record.prismatic);
        case CB2_JOINT_FRICTION: record.friction.bodyA = a; record.friction.bodyB = b; return world->CreateJoint(&record.friction);
        case CB2_JOINT_WELD: record.weld.bodyA = a; record.weld.bodyB = b; return world->CreateJoint(&record.weld);
        }
        return nullptr;
    }
};

namespace {

void ContactRecorder::BeginContact(b2Contact *contact) {
    CB2ContactPair pair;
    pair.bodyA = bodyId(contact->GetFixtureA()->GetBody());
    pair.bodyB = bodyId(contact->GetFixtureB()->GetBody());
    pair.sensor = contact->GetFixtureA()->IsSensor() || contact->GetFixtureB()->IsSensor();
    owner->beginContacts.push_back(pair);
}

void ContactRecorder::PostSolve(b2Contact *contact, const b2ContactImpulse *impulse) {
    float largest = 0.0f;
    for (int32 i = 0; i < impulse->count; ++i) largest = std::max(largest, impulse->normalImpulses[i]);
    owner->maxImpulse = std::max(owner->maxImpulse, largest);
    int32_t a = bodyId(contact->GetFixtureA()->GetBody());
    int32_t b = bodyId(contact->GetFixtureB()->GetBody());
    owner->bodyMaxImpulse[a] = std::max(owner->bodyMaxImpulse[a], largest);
    owner->bodyMaxImpulse[b] = std::max(owner->bodyMaxImpulse[b], largest);
}

void fillState(b2Body *body, CB2BodyState *out) {
    const b2Vec2 &p = body->GetPosition();
    const b2Vec2 &v = body->GetLinearVelocity();
    out->x = p.x * kInvScale;
    out->y = p.y * kInvScale;
    out->angle = body->GetAngle();
    out->vx = v.x * kInvScale;
    out->vy = v.y * kInvScale;
    out->angularVelocity = body->GetAngularVelocity();
}

}  // namespace

extern "C" {

// MARK: World

CB2World *cb2_world_create(float gravityX, float gravityY, bool allowSleeping) {
    CB2World *world = new CB2World(toBox(gravityX, gravityY), allowSleeping);
    liveWorlds.fetch_add(1);
    return world;
}

void cb2_world_destroy(CB2World *world) {
    if (world == nullptr) return;
    delete world;
    liveWorlds.fetch_sub(1);
}

int64_t cb2_live_world_count(void) { return liveWorlds.load(); }

void cb2_world_step(CB2World *world, float dt, int32_t velocityIterations, int32_t positionIterations, int32_t substeps) {
    world->beginContacts.clear();
    std::fill(world->bodyMaxImpulse.begin(), world->bodyMaxImpulse.end(), 0.0f);
    world->maxImpulse = 0.0f;
    world->invDt = dt > 0.0f ? 1.0f / dt : 0.0f;
    // Forces set before this call act during every substep, then are cleared.
    for (int32_t i = 0; i < substeps; ++i) world->world->Step(dt, velocityIterations, positionIterations);
    world->world->ClearForces();
}

void cb2_world_set_gravity(CB2World *world, float x, float y) {
    world->gravity = toBox(x, y);
    world->world->SetGravity(world->gravity);
}

int32_t cb2_world_body_count(const CB2World *world) { return static_cast<int32_t>(world->bodies.size()); }
int32_t cb2_world_joint_count(const CB2World *world) { return static_cast<int32_t>(world->joints.size()); }

int32_t cb2_world_read_all_states(const CB2World *world, CB2BodyState *out, int32_t capacity) {
    int32_t n = std::min(capacity, static_cast<int32_t>(world->bodies.size()));
    for (int32_t i = 0; i < n; ++i) fillState(world->bodies[i], out + i);
    return n;
}

int32_t cb2_world_read_states(const CB2World *world, const int32_t *ids, int32_t count, CB2BodyState *out) {
    for (int32_t i = 0; i < count; ++i) {
        if (!world->validBody(ids[i])) return CB2_ERROR_BAD_BODY;
        fillState(world->bodies[ids[i]], out + i);
    }
    return CB2_OK;
}

int32_t cb2_world_rebuild(CB2World *world, const CB2BodyState *states, int32_t count) {
    if (count != static_cast<int32_t>(world->bodies.size())) return CB2_ERROR_BAD_ARGUMENT;
    world->joints.clear();
    world->bodies.clear();
    world->world.reset();
    world->makeNativeWorld();
    for (int32_t i = 0; i < count; ++i) {
        b2BodyDef def = world->bodyDefs[i];
        def.position = toBox(states[i].x, states[i].y);
        def.angle = states[i].angle;
        def.linearVelocity = toBox(states[i].vx, states[i].vy);
        def.angularVelocity = states[i].angularVelocity;
        world->bodies.push_back(world->world->CreateBody(&def));
    }
    for (FixtureRecord &record : world->fixtures) world->createFixture(record);
    for (JointRecord &record : world->jointRecords) world->joints.push_back(world->createJoint(record));
    world->beginContacts.clear();
    std::fill(world->bodyMaxImpulse.begin(), world->bodyMaxImpulse.end(), 0.0f);
    world->maxImpulse = 0.0f;
    return CB2_OK;
}

// MARK: Bodies and fixtures

int32_t cb2_body_create(CB2World *world, const CB2BodyDef *d) {
    b2BodyDef def;
    switch (d->type) {
    case CB2_BODY_STATIC: def.type = b2_staticBody; break;
    case CB2_BODY_KINEMATIC: def.type = b2_kinematicBody; break;
    case CB2_BODY_DYNAMIC: def.type = b2_dynamicBody; break;
    default: return CB2_ERROR_BAD_ARGUMENT;
    }
    def.position = toBox(d->x, d->y);
    def.angle = d->angle;
    def.linearVelocity = toBox(d->vx, d->vy);
    def.angularVelocity = d->angularVelocity;
    def.linearDamping = d->linearDamping;
    def.angularDamping = d->angularDamping;
    def.gravityScale = d->gravityScale;
    def.bullet = d->bullet;
    def.fixedRotation = d->fixedRotation;
    int32_t id = static_cast<int32_t>(world->bodies.size());
    def.userData.pointer = static_cast<uintptr_t>(id + 1);
    world->bodyDefs.push_back(def);
    world->bodies.push_back(world->world->CreateBody(&def));
    world->bodyMaxImpulse.push_back(0.0f);
    return id;
}

static int32_t addFixture(CB2World *world, FixtureRecord &&record) {
    world->fixtures.push_back(std::move(record));
    world->createFixture(world->fixtures.back());
    return CB2_OK;
}

int32_t cb2_body_add_circle(CB2World *world, int32_t body, float centerX, float centerY, float radius, const CB2FixtureDef *def) {
    if (!world->validBody(body)) return CB2_ERROR_BAD_BODY;
    if (!(radius > 0.0f)) return CB2_ERROR_BAD_ARGUMENT;
    FixtureRecord record;
    record.body = body;
    record.kind = kCircle;
    record.def = makeFixtureDef(*def);
    record.circle.m_p = toBox(centerX, centerY);
    record.circle.m_radius = radius * kScale;
    return addFixture(world, std::move(record));
}

int32_t cb2_body_add_box(CB2World *world, int32_t body, float halfWidth, float halfHeight, float centerX, float centerY, float angle, const CB2FixtureDef *def) {
    if (!world->validBody(body)) return CB2_ERROR_BAD_BODY;
    if (!(halfWidth > 0.0f && halfHeight > 0.0f)) return CB2_ERROR_BAD_ARGUMENT;
    FixtureRecord record;
    record.body = body;
    record.kind = kPolygon;
    record.def = makeFixtureDef(*def);
    record.polygon.SetAsBox(halfWidth * kScale, halfHeight * kScale, toBox(centerX, centerY), angle);
    return addFixture(world, std::move(record));
}

int32_t cb2_body_add_polygon(CB2World *world, int32_t body, const float *xy, int32_t count, const CB2FixtureDef *def) {
    if (!world->validBody(body)) return CB2_ERROR_BAD_BODY;
    if (count < 3 || count > b2_maxPolygonVertices) return CB2_ERROR_BAD_ARGUMENT;
    b2Vec2 points[b2_maxPolygonVertices];
    for (int32_t i = 0; i < count; ++i) points[i] = toBox(xy[2 * i], xy[2 * i + 1]);
    FixtureRecord record;
    record.body = body;
    record.kind = kPolygon;
    record.def = makeFixtureDef(*def);
    record.polygon.Set(points, count);
    return addFixture(world, std::move(record));
}

int32_t cb2_body_add_edge(CB2World *world, int32_t body, float x1, float y1, float x2, float y2, const CB2FixtureDef *def) {
    if (!world->validBody(body)) return CB2_ERROR_BAD_BODY;
    FixtureRecord record;
    record.body = body;
    record.kind = kEdge;
    record.def = makeFixtureDef(*def);
    record.edge.SetTwoSided(toBox(x1, y1), toBox(x2, y2));
    return addFixture(world, std::move(record));
}

int32_t cb2_body_add_chain(CB2World *world, int32_t body, const float *xy, int32_t count, bool loop, const CB2FixtureDef *def) {
    if (!world->validBody(body)) return CB2_ERROR_BAD_BODY;
    if (count < (loop ? 3 : 2)) return CB2_ERROR_BAD_ARGUMENT;
    FixtureRecord record;
    record.body = body;
    record.kind = kChain;
    record.def = makeFixtureDef(*def);
    record.loop = loop;
    for (int32_t i = 0; i < count; ++i) record.chain.push_back(toBox(xy[2 * i], xy[2 * i + 1]));
    return addFixture(world, std::move(record));
}

int32_t cb2_body_get_state(const CB2World *world, int32_t body, CB2BodyState *out) {
    if (!world->validBody(body)) return CB2_ERROR_BAD_BODY;
    fillState(world->bodies[body], out);
    return CB2_OK;
}

int32_t cb2_body_set_transform(CB2World *world, int32_t body, float x, float y, float angle) {
    if (!world->validBody(body)) return CB2_ERROR_BAD_BODY;
    world->bodies[body]->SetTransform(toBox(x, y), angle);
    return CB2_OK;
}

int32_t cb2_body_set_velocity(CB2World *world, int32_t body, float vx, float vy, float angularVelocity) {
    if (!world->validBody(body)) return CB2_ERROR_BAD_BODY;
    world->bodies[body]->SetLinearVelocity(toBox(vx, vy));
    world->bodies[body]->SetAngularVelocity(angularVelocity);
    return CB2_OK;
}

int32_t cb2_body_apply_force(CB2World *world, int32_t body, float fx, float fy, float px, float py) {
    if (!world->validBody(body)) return CB2_ERROR_BAD_BODY;
    world->bodies[body]->ApplyForce(toBox(fx, fy), toBox(px, py), true);
    return CB2_OK;
}

int32_t cb2_body_apply_force_to_center(CB2World *world, int32_t body, float fx, float fy) {
    if (!world->validBody(body)) return CB2_ERROR_BAD_BODY;
    world->bodies[body]->ApplyForceToCenter(toBox(fx, fy), true);
    return CB2_OK;
}

int32_t cb2_body_apply_torque(CB2World *world, int32_t body, float torque) {
    if (!world->validBody(body)) return CB2_ERROR_BAD_BODY;
    world->bodies[body]->ApplyTorque(torque * kScale2, true);
    return CB2_OK;
}

int32_t cb2_body_apply_linear_impulse_to_center(CB2World *world, int32_t body, float ix, float iy) {
    if (!world->validBody(body)) return CB2_ERROR_BAD_BODY;
    world->bodies[body]->ApplyLinearImpulseToCenter(toBox(ix, iy), true);
    return CB2_OK;
}

int32_t cb2_body_apply_angular_impulse(CB2World *world, int32_t body, float impulse) {
    if (!world->validBody(body)) return CB2_ERROR_BAD_BODY;
    world->bodies[body]->ApplyAngularImpulse(impulse * kScale2, true);
    return CB2_OK;
}

int32_t cb2_body_set_damping(CB2World *world, int32_t body, float linear, float angular) {
    if (!world->validBody(body)) return CB2_ERROR_BAD_BODY;
    world->bodies[body]->SetLinearDamping(linear);
    world->bodies[body]->SetAngularDamping(angular);
    world->bodyDefs[body].linearDamping = linear;
    world->bodyDefs[body].angularDamping = angular;
    return CB2_OK;
}

float cb2_body_mass(const CB2World *world, int32_t body) {
    if (!world->validBody(body)) return static_cast<float>(CB2_ERROR_BAD_BODY);
    return world->bodies[body]->GetMass();
}

float cb2_body_max_contact_impulse(const CB2World *world, int32_t body) {
    if (!world->validBody(body)) return static_cast<float>(CB2_ERROR_BAD_BODY);
    return world->bodyMaxImpulse[body] * kInvScale;
}

// MARK: Joints

static int32_t addJoint(CB2World *world, JointRecord &&record) {
    if (!world->validBody(record.bodyA) || !world->validBody(record.bodyB)) return CB2_ERROR_BAD_BODY;
    if (record.bodyA == record.bodyB) return CB2_ERROR_BAD_ARGUMENT;
    int32_t id = static_cast<int32_t>(world->joints.size());
    world->jointRecords.push_back(std::move(record));
    world->joints.push_back(world->createJoint(world->jointRecords.back()));
    return id;
}

int32_t cb2_joint_create_revolute(CB2World *world, const CB2RevoluteDef *d) {
    if (!world->validBody(d->bodyA) || !world->validBody(d->bodyB)) return CB2_ERROR_BAD_BODY;
    JointRecord record;
    record.kind = CB2_JOINT_REVOLUTE;
    record.bodyA = d->bodyA;
    record.bodyB = d->bodyB;
    record.revolute.Initialize(world->bodies[d->bodyA], world->bodies[d->bodyB], toBox(d->anchorX, d->anchorY));
    record.revolute.enableLimit = d->enableLimit;
    record.revolute.lowerAngle = d->lower;
    record.revolute.upperAngle = d->upper;
    record.revolute.enableMotor = d->enableMotor;
    record.revolute.motorSpeed = d->motorSpeed;
    record.revolute.maxMotorTorque = d->maxMotorTorque * kScale2;
    record.revolute.collideConnected = d->collideConnected;
    return addJoint(world, std::move(record));
}

int32_t cb2_joint_create_prismatic(CB2World *world, const CB2PrismaticDef *d) {
    if (!world->validBody(d->bodyA) || !world->validBody(d->bodyB)) return CB2_ERROR_BAD_BODY;
    JointRecord record;
    record.kind = CB2_JOINT_PRISMATIC;
    record.bodyA = d->bodyA;
    record.bodyB = d->bodyB;
    record.prismatic.Initialize(world->bodies[d->bodyA], world->bodies[d->bodyB], toBox(d->anchorX, d->anchorY), b2Vec2(d->axisX, d->axisY));
    record.prismatic.enableLimit = d->enableLimit;
    record.prismatic.lowerTranslation = d->lower * kScale;
    record.prismatic.upperTranslation = d->upper * kScale;
    record.prismatic.enableMotor = d->enableMotor;
    record.prismatic.motorSpeed = d->motorSpeed * kScale;
    record.prismatic.maxMotorForce = d->maxMotorForce * kScale;
    record.prismatic.collideConnected = d->collideConnected;
    return addJoint(world, std::move(record));
}

int32_t cb2_joint_create_friction(CB2World *world, const CB2FrictionDef *d) {
    if (!world->validBody(d->bodyA) || !world->validBody(d->bodyB)) return CB2_ERROR_BAD_BODY;
    JointRecord record;
    record.kind = CB2_JOINT_FRICTION;
    record.bodyA = d->bodyA;
    record.bodyB = d->bodyB;
    record.friction.Initialize(world->bodies[d->bodyA], world->bodies[d->bodyB], toBox(d->anchorX, d->anchorY));
    record.friction.maxForce = d->maxForce * kScale;
    record.friction.maxTorque = d->maxTorque * kScale2;
    return addJoint(world, std::move(record));
}

int32_t cb2_joint_create_weld(CB2World *world, const CB2WeldDef *d) {
    if (!world->validBody(d->bodyA) || !world->validBody(d->bodyB)) return CB2_ERROR_BAD_BODY;
    JointRecord record;
    record.kind = CB2_JOINT_WELD;
    record.bodyA = d->bodyA;
    record.bodyB = d->bodyB;
    record.weld.Initialize(world->bodies[d->bodyA], world->bodies[d->bodyB], toBox(d->anchorX, d->anchorY));
    record.weld.stiffness = d->stiffness * kScale2;
    record.weld.damping = d->damping * kScale2;
    return addJoint(world, std::move(record));
}

int32_t cb2_joint_kind(const CB2World *world, int32_t joint) {
    if (!world->validJoint(joint)) return CB2_ERROR_BAD_JOINT;
    return world->jointRecords[joint].kind;
}

int32_t cb2_joint_get_settings(const CB2World *world, int32_t joint, CB2JointSettings *out) {
    if (!world->validJoint(joint)) return CB2_ERROR_BAD_JOINT;
    const JointRecord &r = world->jointRecords[joint];
    *out = CB2JointSettings{};
    switch (r.kind) {
    case CB2_JOINT_REVOLUTE:
        out->enableLimit = r.revolute.enableLimit;
        out->lower = r.revolute.lowerAngle;
        out->upper = r.revolute.upperAngle;
        out->enableMotor = r.revolute.enableMotor;
        out->motorSpeed = r.revolute.motorSpeed;
        out->maxMotor = r.revolute.maxMotorTorque * kInvScale2;
        break;
    case CB2_JOINT_PRISMATIC:
        out->enableLimit = r.prismatic.enableLimit;
        out->lower = r.prismatic.lowerTranslation * kInvScale;
        out->upper = r.prismatic.upperTranslation * kInvScale;
        out->enableMotor = r.prismatic.enableMotor;
        out->motorSpeed = r.prismatic.motorSpeed * kInvScale;
        out->maxMotor = r.prismatic.maxMotorForce * kInvScale;
        break;
    case CB2_JOINT_FRICTION:
        out->maxForce = r.friction.maxForce * kInvScale;
        out->maxTorque = r.friction.maxTorque * kInvScale2;
        break;
    case CB2_JOINT_WELD: break;
    }
    return CB2_OK;
}

int32_t cb2_joint_set_settings(CB2World *world, int32_t joint, const CB2JointSettings *s) {
    if (!world->validJoint(joint)) return CB2_ERROR_BAD_JOINT;
    JointRecord &r = world->jointRecords[joint];
    b2Joint *j = world->joints[joint];
    switch (r.kind) {
    case CB2_JOINT_REVOLUTE: {
        auto *rj = static_cast<b2RevoluteJoint *>(j);
        r.revolute.enableLimit = s->enableLimit;
        r.revolute.lowerAngle = s->lower;
        r.revolute.upperAngle = s->upper;
        r.revolute.enableMotor = s->enableMotor;
        r.revolute.motorSpeed = s->motorSpeed;
        r.revolute.maxMotorTorque = s->maxMotor * kScale2;
        rj->EnableLimit(s->enableLimit);
        rj->SetLimits(s->lower, s->upper);
        rj->EnableMotor(s->enableMotor);
        rj->SetMotorSpeed(s->motorSpeed);
        rj->SetMaxMotorTorque(r.revolute.maxMotorTorque);
        break;
    }
    case CB2_JOINT_PRISMATIC: {
        auto *pj = static_cast<b2PrismaticJoint *>(j);
        r.prismatic.enableLimit = s->enableLimit;
        r.prismatic.lowerTranslation = s->lower * kScale;
        r.prismatic.upperTranslation = s->upper * kScale;
        r.prismatic.enableMotor = s->enableMotor;
        r.prismatic.motorSpeed = s->motorSpeed * kScale;
        r.prismatic.maxMotorForce = s->maxMotor * kScale;
        pj->EnableLimit(r.prismatic.enableLimit);
        pj->SetLimits(r.prismatic.lowerTranslation, r.prismatic.upperTranslation);
        pj->EnableMotor(r.prismatic.enableMotor);
        pj->SetMotorSpeed(r.prismatic.motorSpeed);
        pj->SetMaxMotorForce(r.prismatic.maxMotorForce);
        break;
    }
    case CB2_JOINT_FRICTION: {
        auto *fj = static_cast<b2FrictionJoint *>(j);
        r.friction.maxForce = s->maxForce * kScale;
        r.friction.maxTorque = s->maxTorque * kScale2;
        fj->SetMaxForce(r.friction.maxForce);
        fj->SetMaxTorque(r.friction.maxTorque);
        break;
    }
    case CB2_JOINT_WELD: break;
    }
    return CB2_OK;
}

int32_t cb2_joint_set_motor_speed(CB2World *world, int32_t joint, float speed) {
    if (!world->validJoint(joint)) return CB2_ERROR_BAD_JOINT;
    JointRecord &r = world->jointRecords[joint];
    if (r.kind == CB2_JOINT_REVOLUTE) {
        r.revolute.motorSpeed = speed;
        static_cast<b2RevoluteJoint *>(world->joints[joint])->SetMotorSpeed(speed);
    } else if (r.kind == CB2_JOINT_PRISMATIC) {
        r.prismatic.motorSpeed = speed * kScale;
        static_cast<b2PrismaticJoint *>(world->joints[joint])->SetMotorSpeed(r.prismatic.motorSpeed);
    } else {
        return CB2_ERROR_WRONG_JOINT_KIND;
    }
    return CB2_OK;
}

int32_t cb2_joint_read(const CB2World *world, int32_t joint, CB2JointReading *out) {
    if (!world->validJoint(joint)) return CB2_ERROR_BAD_JOINT;
    *out = CB2JointReading{};
    b2Joint *j = world->joints[joint];
    switch (world->jointRecords[joint].kind) {
    case CB2_JOINT_REVOLUTE: {
        auto *rj = static_cast<b2RevoluteJoint *>(j);
        out->value = rj->GetJointAngle();
        out->speed = rj->GetJointSpeed();
        out->motorEffort = rj->GetMotorTorque(world->invDt) * kInvScale2;
        break;
    }
    case CB2_JOINT_PRISMATIC: {
        auto *pj = static_cast<b2PrismaticJoint *>(j);
        out->value = pj->GetJointTranslation() * kInvScale;
        out->speed = pj->GetJointSpeed() * kInvScale;
        out->motorEffort = pj->GetMotorForce(world->invDt) * kInvScale;
        break;
    }
    default: break;
    }
    return CB2_OK;
}

// MARK: Contacts

float cb2_world_max_contact_impulse(const CB2World *world) { return world->maxImpulse * kInvScale; }

int32_t cb2_world_begin_contact_count(const CB2World *world) {
    return static_cast<int32_t>(world->beginContacts.size());
}

int32_t cb2_world_read_begin_contacts(const CB2World *world, CB2ContactPair *out, int32_t capacity) {
    int32_t n = std::min(capacity, static_cast<int32_t>(world->beginContacts.size()));
    std::copy(world->beginContacts.begin(), world->beginContacts.begin() + n, out);
    return n;
}

int32_t cb2_bodies_touching(const CB2World *world, int32_t a, int32_t b) {
    if (!world->validBody(a) || !world->validBody(b)) return CB2_ERROR_BAD_BODY;
    const b2Body *other = world->bodies[b];
    for (const b2ContactEdge *edge = world->bodies[a]->GetContactList(); edge; edge = edge->next) {
        if (edge->other != other) continue;
        const b2Contact *c = edge->contact;
        if (c->IsTouching() && !c->GetFixtureA()->IsSensor() && !c->GetFixtureB()->IsSensor()) return 1;
    }
    return 0;
}

int32_t cb2_world_query_aabb(const CB2World *world, float minX, float minY, float maxX, float maxY, int32_t *out, int32_t capacity) {
    AABBCollector collector;
    b2AABB box;
    box.lowerBound = toBox(minX, minY);
    box.upperBound = toBox(maxX, maxY);
    world->world->QueryAABB(&collector, box);
    int32_t n = std::min(capacity, static_cast<int32_t>(collector.ids.size()));
    std::copy(collector.ids.begin(), collector.ids.begin() + n, out);
    return static_cast<int32_t>(collector.ids.size());
}

}  // extern "C"
