package dev.vigil.liveness.spring;

import dev.vigil.liveness.Liveness;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Starts a {@link Liveness} agent with the application (unless one is defined as a bean already),
 * bridges it to {@code ApplicationAvailability}, and contributes the {@code vigilLiveness} and
 * {@code vigilReadiness} health indicators. Off with {@code vigil.liveness.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "vigil.liveness.enabled", matchIfMissing = true)
@EnableConfigurationProperties(VigilLivenessProperties.class)
public class VigilLivenessAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Liveness vigilLivenessAgent(VigilLivenessProperties properties) {
        return Liveness.builder()
                .port(properties.port())
                .bindAddress(properties.bindAddress())
                .samplingPeriod(properties.samplingPeriod())
                .schedulingPriority(properties.schedulingPriority())
                .start();
    }

    @Bean
    AvailabilityBridge vigilAvailabilityBridge(Liveness liveness, ApplicationEventPublisher publisher,
            VigilLivenessProperties properties) {
        return new AvailabilityBridge(liveness, publisher, properties.samplingPeriod());
    }

    @Bean
    @ConditionalOnMissingBean(name = "vigilLivenessHealthIndicator")
    HealthIndicator vigilLivenessHealthIndicator(Liveness liveness) {
        return VigilHealthIndicators.liveness(liveness);
    }

    @Bean
    @ConditionalOnMissingBean(name = "vigilReadinessHealthIndicator")
    HealthIndicator vigilReadinessHealthIndicator(Liveness liveness) {
        return VigilHealthIndicators.readiness(liveness);
    }
}
